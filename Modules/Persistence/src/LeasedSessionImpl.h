//
// LeasedSessionImpl.h
//
// A pooled session lent by Database::session() (internal to Persistence).
//


#ifndef AuthServer_Persistence_LeasedSessionImpl_INCLUDED
#define AuthServer_Persistence_LeasedSessionImpl_INCLUDED


#include "Poco/Data/Session.h"
#include "Poco/Data/SessionImpl.h"
#include "Poco/AutoPtr.h"
#include <functional>


namespace AuthServer {
namespace Persistence {


class LeasedSessionImpl: public Poco::Data::SessionImpl
	/// Wraps a session of the POCO SessionPool and forwards every call to
	/// it. When the last copy of the Session holding it goes (or close() is
	/// called), the pooled session goes back to the pool first and then
	/// released() runs: Database counts the lease as returned and wakes
	/// one thread waiting for a session. POCO 1.11's pool has no such
	/// notification of its own (its putBack() is not virtual), so without
	/// this a waiter could only poll.
{
public:
	LeasedSessionImpl(Poco::Data::Session pooled, std::function<void()> released);
		/// Takes pooled (a session of the pool) and the callback run once,
		/// after pooled went back.

	~LeasedSessionImpl() override;
		/// Returns the session (see close()).

	Poco::Data::SessionImpl* pooled() const;
		/// Returns the pooled session's implementation; throws
		/// Poco::Data::SessionUnavailableException after close().

	Poco::SharedPtr<Poco::Data::StatementImpl> createStatementImpl() override;
	void open(const std::string& connectionString = "") override;
	void close() override;
		/// Gives the pooled session back and runs released(); later calls
		/// throw Poco::Data::SessionUnavailableException.
	bool isConnected() const override;
	bool isGood() const override;
	void setConnectionTimeout(std::size_t timeout) override;
	std::size_t getConnectionTimeout() const override;
	void reset() override;
	void begin() override;
	void commit() override;
	void rollback() override;
	bool canTransact() const override;
	bool isTransaction() const override;
	void setTransactionIsolation(Poco::UInt32 ti) override;
	Poco::UInt32 getTransactionIsolation() const override;
	bool hasTransactionIsolation(Poco::UInt32 ti) const override;
	bool isTransactionIsolation(Poco::UInt32 ti) const override;
	const std::string& connectorName() const override;
	void setFeature(const std::string& name, bool state) override;
	bool getFeature(const std::string& name) override;
	void setProperty(const std::string& name, const Poco::Any& value) override;
	Poco::Any getProperty(const std::string& name) override;

private:
	Poco::Data::SessionImpl& inner() const;

	mutable Poco::AutoPtr<Poco::Data::SessionImpl> _pPooled;
	std::function<void()> _released;
	std::string _connector;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_LeasedSessionImpl_INCLUDED
