# Install rules and the Debian package (CPack DEB generator).
#
# Installed layout (prefix /usr; scripts/package.sh builds the .deb):
#   /usr/bin/authserver
#   /usr/share/authserver/Config/AuthServer.properties   shipped defaults (every key)
#   /usr/share/authserver/Templates/, Migrations/, Api/   whole folders
#   /usr/share/authserver/...                             everything the build puts in build/share/
#                                                         (common-passwords.txt, and later additions)
#   /etc/authserver/AuthServer.properties                 site file (conffile): installed-layout paths
#   /usr/lib/systemd/system/authserver.service
#   /usr/share/doc/authserver/README.md
# The server finds its resource root by looking for Config/AuthServer.properties
# next to the binary (links resolved), in <prefix>/share/authserver beside its
# bin/, then in /usr/share/authserver (AuthServerApplication::locateResources),
# so the installed binary needs no path key, whatever the prefix.

set(AUTHSERVER_SHARE_DIR share/authserver)

install(TARGETS authserver RUNTIME DESTINATION bin)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/Config/ DESTINATION ${AUTHSERVER_SHARE_DIR}/Config)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/Templates/ DESTINATION ${AUTHSERVER_SHARE_DIR}/Templates)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/Migrations/ DESTINATION ${AUTHSERVER_SHARE_DIR}/Migrations)
# The OpenAPI document, beside Config/ as in the source tree (for a server
# that serves it from its resource root).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/Api/ DESTINATION ${AUTHSERVER_SHARE_DIR}/Api)
# Generated at build time (the common-password list, and whatever else the
# build stages there): the folder's contents as they are when installing.
install(DIRECTORY ${CMAKE_BINARY_DIR}/share/ DESTINATION ${AUTHSERVER_SHARE_DIR})
install(FILES ${PROJECT_SOURCE_DIR}/Installer/AuthServer.properties DESTINATION /etc/authserver)
install(FILES ${PROJECT_SOURCE_DIR}/Installer/authserver.service DESTINATION lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION share/doc/authserver)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME authserver)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "AuthServer maintainers <maintainers@authserver.dev>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "authentication server: REST API, JWT, Argon2id")
set(CPACK_PACKAGE_DESCRIPTION "AuthServer registers users, verifies email addresses and phone numbers,
logs them in with Argon2id passwords and one-time codes, and issues JWT
access and rotating refresh tokens, behind a JSON REST API with RFC 9457
problem details. Runs as the systemd service authserver.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Shared-library dependencies (libpoco*, libargon2-1, libssl3, libpq5, ...)
# are computed by dpkg-shlibdeps from the binary; adduser is for postinst.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
	${PROJECT_SOURCE_DIR}/Installer/debian/conffiles
	${PROJECT_SOURCE_DIR}/Installer/debian/postinst
	${PROJECT_SOURCE_DIR}/Installer/debian/prerm
	${PROJECT_SOURCE_DIR}/Installer/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
include(CPack)
