//
// LeasedSessionImpl.cpp
//


#include "LeasedSessionImpl.h"
#include "Poco/Data/DataException.h"


namespace AuthServer {
namespace Persistence {


LeasedSessionImpl::LeasedSessionImpl(Poco::Data::Session pooled, std::function<void()> released):
	Poco::Data::SessionImpl(pooled.impl()->connectionString(), pooled.impl()->getLoginTimeout()),
	_pPooled(pooled.impl(), true),
	_released(std::move(released)),
	_connector(pooled.impl()->connectorName())
{
}


LeasedSessionImpl::~LeasedSessionImpl()
{
	try
	{
		close();
	}
	catch (...)
	{
	}
}


Poco::Data::SessionImpl& LeasedSessionImpl::inner() const
{
	if (!_pPooled) throw Poco::Data::SessionUnavailableException("the session was given back to the pool");
	return *_pPooled;
}


Poco::Data::SessionImpl* LeasedSessionImpl::pooled() const
{
	return &inner();
}


void LeasedSessionImpl::close()
{
	if (!_pPooled) return;
	// The pooled session goes back (PooledSessionImpl rolls back an open
	// transaction) before the waiter is woken, so it finds it free.
	_pPooled.reset();
	if (_released) _released();
}


Poco::SharedPtr<Poco::Data::StatementImpl> LeasedSessionImpl::createStatementImpl() { return inner().createStatementImpl(); }
void LeasedSessionImpl::open(const std::string& connectionString) { inner().open(connectionString); }
bool LeasedSessionImpl::isConnected() const { return _pPooled && inner().isConnected(); }
bool LeasedSessionImpl::isGood() const { return _pPooled && inner().isGood(); }
void LeasedSessionImpl::setConnectionTimeout(std::size_t timeout) { inner().setConnectionTimeout(timeout); }
std::size_t LeasedSessionImpl::getConnectionTimeout() const { return inner().getConnectionTimeout(); }
void LeasedSessionImpl::reset() { inner().reset(); }
void LeasedSessionImpl::begin() { inner().begin(); }
void LeasedSessionImpl::commit() { inner().commit(); }
void LeasedSessionImpl::rollback() { inner().rollback(); }
bool LeasedSessionImpl::canTransact() const { return inner().canTransact(); }
bool LeasedSessionImpl::isTransaction() const { return _pPooled && inner().isTransaction(); }
void LeasedSessionImpl::setTransactionIsolation(Poco::UInt32 ti) { inner().setTransactionIsolation(ti); }
Poco::UInt32 LeasedSessionImpl::getTransactionIsolation() const { return inner().getTransactionIsolation(); }
bool LeasedSessionImpl::hasTransactionIsolation(Poco::UInt32 ti) const { return inner().hasTransactionIsolation(ti); }
bool LeasedSessionImpl::isTransactionIsolation(Poco::UInt32 ti) const { return inner().isTransactionIsolation(ti); }
const std::string& LeasedSessionImpl::connectorName() const { return _connector; }
void LeasedSessionImpl::setFeature(const std::string& name, bool state) { inner().setFeature(name, state); }
bool LeasedSessionImpl::getFeature(const std::string& name) { return inner().getFeature(name); }
void LeasedSessionImpl::setProperty(const std::string& name, const Poco::Any& value) { inner().setProperty(name, value); }
Poco::Any LeasedSessionImpl::getProperty(const std::string& name) { return inner().getProperty(name); }


} } // namespace AuthServer::Persistence
