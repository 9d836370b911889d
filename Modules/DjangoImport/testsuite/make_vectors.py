#!/usr/bin/python3
# Prints the Django password hashes DjangoPasswordVerifierTest checks, made by
# Debian's python3-django hashers (with python3-argon2 and python3-bcrypt):
#   /usr/bin/python3 Modules/DjangoImport/testsuite/make_vectors.py
# Small work factors keep the suite fast; the verifier reads them from the string.
import django
from django.conf import settings

settings.configure(PASSWORD_HASHERS=[
	"django.contrib.auth.hashers.PBKDF2PasswordHasher",
	"django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
	"django.contrib.auth.hashers.Argon2PasswordHasher",
	"django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
	"django.contrib.auth.hashers.BCryptPasswordHasher",
])
django.setup()
from django.contrib.auth import hashers

class FastArgon2(hashers.Argon2PasswordHasher):
	time_cost = 1
	memory_cost = 1024
	parallelism = 2

class FastBCryptSHA256(hashers.BCryptSHA256PasswordHasher):
	rounds = 4

class FastBCrypt(hashers.BCryptPasswordHasher):
	rounds = 4

password = "correct horse ünïcode"
print("django", django.get_version())
print(hashers.PBKDF2PasswordHasher().encode(password, "saltsaltsalt", 1000))
print(hashers.PBKDF2SHA1PasswordHasher().encode(password, "saltsaltsalt", 1000))
print(FastArgon2().encode(password, "saltsaltsalt"))
print(FastBCryptSHA256().encode(password, FastBCryptSHA256().salt()))
long_password = "x" * 100
print(FastBCrypt().encode(password, FastBCrypt().salt()))
print(FastBCryptSHA256().encode(long_password, FastBCryptSHA256().salt()))
