//
// Metrics.cpp
//


#include "AuthServer/Http/Metrics.h"
#include "AuthServer/Compat/Profiles.h"
#include "AuthServer/Cache/FallbackCache.h"
#include "AuthServer/Cache/NearCache.h"
#include "AuthServer/Delivery/DeliveryQueue.h"
#include "AuthServer/Identity/OtpService.h"
#include "AuthServer/Persistence/Database.h"
#include "AuthServer/Persistence/RetentionJob.h"
#include "Poco/Exception.h"
#include "Poco/Net/HTTPServer.h"
#include <cstdio>
#include <map>
#include <sstream>


namespace AuthServer {
namespace Http {


const std::array<double, Metrics::BUCKET_COUNT> Metrics::BUCKETS =
	{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0};
const std::array<const char*, 8> Metrics::METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "other"};
const std::array<const char*, 6> Metrics::OUTCOMES = {"success", "invalid_credentials", "locked", "rate_limited", "invalid_request", "error"};


namespace
{
	const std::string UNMATCHED = "unmatched";

	bool isLoginRoute(const std::string& pattern)
	{
		return pattern == "/api/auth/login" || pattern == "/api/auth/login/otp" || pattern == "/api/auth/phone/verify-login";
	}

	std::string number(double value)
	{
		char buf[32];
		std::snprintf(buf, sizeof(buf), "%g", value);
		return buf;
	}

	std::string seconds(Poco::UInt64 micros)
		/// micros as seconds with all six decimals (a counter that grows
		/// for days keeps its microseconds, where %g keeps six digits).
	{
		char buf[32];
		std::snprintf(buf, sizeof(buf), "%llu.%06llu", static_cast<unsigned long long>(micros / 1000000), static_cast<unsigned long long>(micros % 1000000));
		return buf;
	}

	std::string escapeLabel(const std::string& value)
	{
		// Exposition format: label values escape backslash, quote and newline.
		std::string result;
		for (char c: value)
		{
			if (c == '\\' || c == '"') { result += '\\'; result += c; }
			else if (c == '\n') result += "\\n";
			else result += c;
		}
		return result;
	}
}


Metrics::Metrics(const std::vector<Route>& routes)
{
	for (const Route& route: routes)
	{
		std::string key = route.method + " " + route.pattern;
		auto it = _byKey.find(key);
		if (it != _byKey.end())
		{
			_byRoute[&route] = it->second;
			continue;
		}
		std::unique_ptr<Slot> pSlot(new Slot);
		pSlot->route = route.pattern;
		pSlot->method = route.method;
		pSlot->login = isLoginRoute(route.pattern);
		_byRoute[&route] = pSlot.get();
		_byKey[key] = pSlot.get();
		_slots.push_back(std::move(pSlot));
	}
	for (std::size_t i = 0; i < METHODS.size(); ++i)
	{
		std::unique_ptr<Slot> pSlot(new Slot);
		pSlot->route = UNMATCHED;
		pSlot->method = METHODS[i];
		_unmatched[i] = pSlot.get();
		_slots.push_back(std::move(pSlot));
	}
	for (auto& pSlot: _slots)
	{
		pSlot->statuses.reset(new std::atomic<std::uint64_t>[STATUS_COUNT]);
		for (std::size_t i = 0; i < STATUS_COUNT; ++i) pSlot->statuses[i].store(0, std::memory_order_relaxed);
	}
}


Metrics::~Metrics()
{
}


std::size_t Metrics::methodIndex(const std::string& method)
{
	for (std::size_t i = 0; i + 1 < METHODS.size(); ++i)
		if (method == METHODS[i]) return i;
	return METHODS.size() - 1;
}


Metrics::Slot& Metrics::slotOf(const Route* pRoute, const std::string& method)
{
	if (pRoute)
	{
		auto it = _byRoute.find(pRoute);
		if (it != _byRoute.end()) return *it->second;
		auto byKey = _byKey.find(pRoute->method + " " + pRoute->pattern);
		if (byKey != _byKey.end()) return *byKey->second;
	}
	return *_unmatched[methodIndex(method)];
}


const char* Metrics::loginOutcome(int status)
{
	if (status >= 200 && status < 300) return OUTCOMES[0];
	if (status == 401) return OUTCOMES[1];
	if (status == 423) return OUTCOMES[2];
	if (status == 429) return OUTCOMES[3];
	if (status >= 400 && status < 500) return OUTCOMES[4];
	return OUTCOMES[5];
}


void Metrics::record(const Route* pRoute, const std::string& method, int status, double seconds)
{
	Slot& slot = slotOf(pRoute, method);
	if (status >= 100 && status < 100 + static_cast<int>(STATUS_COUNT))
		slot.statuses[status - 100].fetch_add(1, std::memory_order_relaxed);
	std::size_t bucket = 0;
	while (bucket < BUCKET_COUNT && seconds > BUCKETS[bucket]) ++bucket;
	slot.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
	slot.count.fetch_add(1, std::memory_order_relaxed);
	double micros = seconds > 0 ? seconds * 1e6 : 0;
	slot.sumMicros.fetch_add(static_cast<std::uint64_t>(micros), std::memory_order_relaxed);
	if (slot.login)
	{
		const char* outcome = loginOutcome(status);
		for (std::size_t i = 0; i < OUTCOMES.size(); ++i)
			if (OUTCOMES[i] == outcome) _logins[i].fetch_add(1, std::memory_order_relaxed);
	}
}


void Metrics::setHttpServer(const Poco::Net::HTTPServer* pServer)
{
	_pHttpServer.store(pServer);
}


void Metrics::setConnectionStats(const ConnectionStats* pStats)
{
	_pConnections.store(pStats);
}


void Metrics::setDeliveryQueue(Delivery::DeliveryQueue* pQueue)
{
	_pQueue.store(pQueue);
}


void Metrics::setNearCache(const Cache::NearCache* pCache)
{
	_pNearCache.store(pCache);
}


void Metrics::setRateLimitCache(const Cache::FallbackCache* pCache)
{
	_pRateLimitCache.store(pCache);
}


void Metrics::setOtpService(const Identity::OtpService* pOtp)
{
	_pOtp.store(pOtp);
}


void Metrics::setDatabase(const Persistence::Database* pDatabase)
{
	_pDatabase.store(pDatabase);
}


void Metrics::setRetentionJob(const Persistence::RetentionJob* pRetention)
{
	_pRetention.store(pRetention);
}


void Metrics::countCompatRequest(const std::string& profile)
{
	std::size_t i = Compat::Profiles::indexOf(profile);
	if (i < _compatRequests.size()) _compatRequests[i].fetch_add(1, std::memory_order_relaxed);
}


void Metrics::countLegacyExchange(bool exchanged)
{
	_legacyExchanges[exchanged ? 0 : 1].fetch_add(1, std::memory_order_relaxed);
}


void Metrics::setLegacyPasswordHashes(std::function<std::int64_t()> count)
{
	std::lock_guard<std::mutex> lock(_legacyMutex);
	_legacyHashes = std::move(count);
}


std::uint64_t Metrics::requests(const std::string& pattern, const std::string& method, int status) const
{
	if (status < 100 || status >= 100 + static_cast<int>(STATUS_COUNT)) return 0;
	std::uint64_t total = 0;
	for (const auto& pSlot: _slots)
		if (pSlot->route == pattern && pSlot->method == method) total += pSlot->statuses[status - 100].load(std::memory_order_relaxed);
	return total;
}


std::string Metrics::render() const
{
	std::ostringstream out;

	out << "# HELP authserver_http_requests_total HTTP requests answered, by route pattern, method and status.\n";
	out << "# TYPE authserver_http_requests_total counter\n";
	for (const auto& pSlot: _slots)
	{
		for (std::size_t i = 0; i < STATUS_COUNT; ++i)
		{
			std::uint64_t n = pSlot->statuses[i].load(std::memory_order_relaxed);
			if (n == 0) continue;
			out << "authserver_http_requests_total{route=\"" << escapeLabel(pSlot->route) << "\",method=\"" << pSlot->method
				<< "\",status=\"" << (i + 100) << "\"} " << n << "\n";
		}
	}

	// The histogram is by route: the methods of one pattern add up.
	struct Histogram
	{
		std::array<std::uint64_t, BUCKET_COUNT + 1> buckets{};
		std::uint64_t count = 0;
		std::uint64_t sumMicros = 0;
	};
	std::map<std::string, Histogram> histograms;
	for (const auto& pSlot: _slots)
	{
		std::uint64_t count = pSlot->count.load(std::memory_order_relaxed);
		if (count == 0) continue;
		Histogram& h = histograms[pSlot->route];
		for (std::size_t b = 0; b <= BUCKET_COUNT; ++b) h.buckets[b] += pSlot->buckets[b].load(std::memory_order_relaxed);
		h.count += count;
		h.sumMicros += pSlot->sumMicros.load(std::memory_order_relaxed);
	}
	out << "# HELP authserver_http_request_duration_seconds Time from request head to answer sent, by route pattern.\n";
	out << "# TYPE authserver_http_request_duration_seconds histogram\n";
	for (const auto& entry: histograms)
	{
		std::string route = escapeLabel(entry.first);
		const Histogram& h = entry.second;
		std::uint64_t cumulative = 0;
		for (std::size_t b = 0; b < BUCKET_COUNT; ++b)
		{
			cumulative += h.buckets[b];
			out << "authserver_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"" << number(BUCKETS[b]) << "\"} " << cumulative << "\n";
		}
		cumulative += h.buckets[BUCKET_COUNT];
		// Buckets are read one by one while requests go on: +Inf and
		// _count use the same cumulative sum so the series stays monotone.
		out << "authserver_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} " << cumulative << "\n";
		out << "authserver_http_request_duration_seconds_sum{route=\"" << route << "\"} " << number(h.sumMicros / 1e6) << "\n";
		out << "authserver_http_request_duration_seconds_count{route=\"" << route << "\"} " << cumulative << "\n";
	}

	out << "# HELP authserver_logins_total Answers of the login endpoints (password, login OTP, phone login), by outcome.\n";
	out << "# TYPE authserver_logins_total counter\n";
	for (std::size_t i = 0; i < OUTCOMES.size(); ++i)
		out << "authserver_logins_total{outcome=\"" << OUTCOMES[i] << "\"} " << _logins[i].load(std::memory_order_relaxed) << "\n";

	out << "# HELP authserver_compat_requests_total Requests a compatibility profile's route answered (Docs/COMPAT.md), by profile.\n";
	out << "# TYPE authserver_compat_requests_total counter\n";
	for (std::size_t i = 0; i < Compat::Profiles::all().size() && i < _compatRequests.size(); ++i)
		out << "authserver_compat_requests_total{profile=\"" << Compat::Profiles::all()[i].name << "\"} " << _compatRequests[i].load(std::memory_order_relaxed) << "\n";
	out << "# HELP authserver_compat_legacy_exchanges_total Refresh tokens of the old back end presented at a profile's refresh route, by result.\n";
	out << "# TYPE authserver_compat_legacy_exchanges_total counter\n";
	out << "authserver_compat_legacy_exchanges_total{result=\"exchanged\"} " << _legacyExchanges[0].load(std::memory_order_relaxed) << "\n";
	out << "authserver_compat_legacy_exchanges_total{result=\"refused\"} " << _legacyExchanges[1].load(std::memory_order_relaxed) << "\n";

	Delivery::DeliveryQueue* pQueue = _pQueue.load();
	const Identity::OtpService* pOtp = _pOtp.load();
	out << "# HELP authserver_messages_total Mails and SMS by result: sent, retried (a failed queued attempt that will be tried again), dropped (given up after delivery.maxAttempts, or a failed direct send).\n";
	out << "# TYPE authserver_messages_total counter\n";
	for (const char* channel: {"email", "sms"})
	{
		Delivery::DeliveryQueue::Counters counters;
		if (pQueue) counters = pQueue->counters(channel);
		out << "authserver_messages_total{channel=\"" << channel << "\",result=\"sent\"} " << counters.sent << "\n";
		out << "authserver_messages_total{channel=\"" << channel << "\",result=\"retried\"} " << counters.retried << "\n";
		out << "authserver_messages_total{channel=\"" << channel << "\",result=\"dropped\"} " << counters.dropped << "\n";
	}
	out << "# HELP authserver_sends_capped_total Codes and links not sent because the destination reached otp.maxSendsPerHour.\n";
	out << "# TYPE authserver_sends_capped_total counter\n";
	out << "authserver_sends_capped_total " << (pOtp ? pOtp->droppedSends() : 0) << "\n";
	const Cache::NearCache* pNearCache = _pNearCache.load();
	if (pNearCache)
	{
		Cache::NearCache::Counters near = pNearCache->counters();
		out << "# HELP authserver_near_cache_total Reads of blacklist, session and user entries answered by this instance's near cache (hit) or by Redis (miss), and keys Redis invalidated (invalidation).\n";
		out << "# TYPE authserver_near_cache_total counter\n";
		out << "authserver_near_cache_total{result=\"hit\"} " << near.hits << "\n";
		out << "authserver_near_cache_total{result=\"miss\"} " << near.misses << "\n";
		out << "authserver_near_cache_total{result=\"invalidation\"} " << near.invalidations << "\n";
		out << "# HELP authserver_near_cache_tracking 1 while the near cache is in use (its Redis invalidation connection is subscribed), else 0 (every read goes to Redis).\n";
		out << "# TYPE authserver_near_cache_tracking gauge\n";
		out << "authserver_near_cache_tracking " << (pNearCache->tracking() ? 1 : 0) << "\n";
	}
	const Cache::FallbackCache* pRateLimitCache = _pRateLimitCache.load();
	if (pRateLimitCache)
	{
		out << "# HELP authserver_rate_limit_fallback_total Rate-limit and lockout cache calls answered by this instance's memory because the shared cache was down.\n";
		out << "# TYPE authserver_rate_limit_fallback_total counter\n";
		out << "authserver_rate_limit_fallback_total " << pRateLimitCache->fallbackCalls() << "\n";
		out << "# HELP authserver_rate_limit_fallback 1 while rate limits count in this instance's memory (shared cache down), else 0.\n";
		out << "# TYPE authserver_rate_limit_fallback gauge\n";
		out << "authserver_rate_limit_fallback " << (pRateLimitCache->fallingBack() ? 1 : 0) << "\n";
	}

	out << "# HELP authserver_queue_depth Items waiting: delivery (mails and SMS in the outbox table), http (accepted connections waiting for a worker).\n";
	out << "# TYPE authserver_queue_depth gauge\n";
	if (pQueue)
	{
		try
		{
			// Read first: a failure must not leave half a sample line.
			auto depth = pQueue->depth();
			out << "authserver_queue_depth{queue=\"delivery\"} " << depth << "\n";
		}
		catch (Poco::Exception&)
		{
			// Database down: leave the series out rather than report 0.
		}
	}
	const Poco::Net::HTTPServer* pServer = _pHttpServer.load();
	if (pServer)
	{
		out << "authserver_queue_depth{queue=\"http\"} " << pServer->queuedConnections() << "\n";
		out << "# HELP authserver_pool_threads HTTP worker threads: busy (serving a connection) and max (http.threads).\n";
		out << "# TYPE authserver_pool_threads gauge\n";
		out << "authserver_pool_threads{pool=\"http\",state=\"busy\"} " << pServer->currentThreads() << "\n";
		out << "authserver_pool_threads{pool=\"http\",state=\"max\"} " << pServer->maxThreads() << "\n";
		out << "# HELP authserver_http_connections Open HTTP connections.\n";
		out << "# TYPE authserver_http_connections gauge\n";
		out << "authserver_http_connections " << pServer->currentConnections() << "\n";
	}
	const ConnectionStats* pConnections = _pConnections.load();
	if (pConnections)
	{
		std::uint64_t queued = pConnections->queued.load(std::memory_order_relaxed);
		std::uint64_t open = pConnections->open.load(std::memory_order_relaxed);
		out << "authserver_queue_depth{queue=\"http\"} " << queued << "\n";
		out << "# HELP authserver_pool_threads HTTP worker threads: busy (running a handler) and max (http.workerThreads).\n";
		out << "# TYPE authserver_pool_threads gauge\n";
		out << "authserver_pool_threads{pool=\"http\",state=\"busy\"} " << pConnections->busy.load(std::memory_order_relaxed) << "\n";
		out << "authserver_pool_threads{pool=\"http\",state=\"max\"} " << pConnections->workers.load(std::memory_order_relaxed) << "\n";
		out << "# HELP authserver_http_connections Open HTTP connections (also authserver_http_connections_open).\n";
		out << "# TYPE authserver_http_connections gauge\n";
		out << "authserver_http_connections " << open << "\n";
		out << "# HELP authserver_http_connections_open Open client connections of the API and metrics listeners (idle keep-alive ones included).\n";
		out << "# TYPE authserver_http_connections_open gauge\n";
		out << "authserver_http_connections_open " << open << "\n";
		out << "# HELP authserver_http_requests_queued Complete requests waiting for a worker thread (at most http.maxQueuedRequests).\n";
		out << "# TYPE authserver_http_requests_queued gauge\n";
		out << "authserver_http_requests_queued " << queued << "\n";
		out << "# HELP authserver_http_connections_refused_total Connections refused or cut by a limit: max_connections, max_connections_per_ip (503 at accept), queue_full (503 to a request), header_timeout, body_timeout (408).\n";
		out << "# TYPE authserver_http_connections_refused_total counter\n";
		for (int reason = 0; reason < ConnectionStats::REASON_COUNT; ++reason)
			out << "authserver_http_connections_refused_total{reason=\"" << ConnectionStats::reasonLabel(static_cast<ConnectionStats::Reason>(reason)) << "\"} "
				<< pConnections->refused[reason].load(std::memory_order_relaxed) << "\n";
	}
	const Persistence::Database* pDatabase = _pDatabase.load();
	if (pDatabase)
	{
		Persistence::Database::PoolUsage usage = pDatabase->poolUsage();
		out << "# HELP authserver_pool_connections Database connections: busy (lent to a request or the delivery worker), idle (open, in the pool), max (database.poolSize).\n";
		out << "# TYPE authserver_pool_connections gauge\n";
		out << "authserver_pool_connections{pool=\"database\",state=\"busy\"} " << usage.busy << "\n";
		out << "authserver_pool_connections{pool=\"database\",state=\"idle\"} " << usage.idle << "\n";
		out << "authserver_pool_connections{pool=\"database\",state=\"max\"} " << usage.max << "\n";
		Persistence::Database::WaitStats waits = pDatabase->waitStats();
		out << "# HELP authserver_pool_waits_total Requests that found every database connection lent out and waited for one (database.poolSize).\n";
		out << "# TYPE authserver_pool_waits_total counter\n";
		out << "authserver_pool_waits_total{pool=\"database\"} " << waits.waits << "\n";
		out << "# HELP authserver_pool_wait_seconds_total Time requests spent waiting for a database connection, in all.\n";
		out << "# TYPE authserver_pool_wait_seconds_total counter\n";
		out << "authserver_pool_wait_seconds_total{pool=\"database\"} " << seconds(waits.waitMicros) << "\n";
		out << "# HELP authserver_pool_wait_timeouts_total Waits for a database connection that gave up after 2 s (answered 503 with Retry-After).\n";
		out << "# TYPE authserver_pool_wait_timeouts_total counter\n";
		out << "authserver_pool_wait_timeouts_total{pool=\"database\"} " << waits.timeouts << "\n";
		out << "# HELP authserver_pool_waiting Requests waiting for a database connection now.\n";
		out << "# TYPE authserver_pool_waiting gauge\n";
		out << "authserver_pool_waiting{pool=\"database\"} " << waits.waiting << "\n";
		if (pDatabase->dialect() == Persistence::Database::Dialect::SQLite)
		{
			Persistence::GroupCommitWriter::Stats writer = pDatabase->writerStats();
			out << "# HELP authserver_db_commit_group_size Write units (one request's transaction each) committed together in one SQLite transaction by the group-commit writer.\n";
			out << "# TYPE authserver_db_commit_group_size histogram\n";
			Poco::UInt64 cumulative = 0;
			for (std::size_t i = 0; i < Persistence::GroupCommitWriter::HISTOGRAM_BUCKETS; ++i)
			{
				cumulative += writer.groupSizes[i];
				std::string le = i + 1 < Persistence::GroupCommitWriter::HISTOGRAM_BUCKETS ? std::to_string(1u << i) : std::string("+Inf");
				out << "authserver_db_commit_group_size_bucket{le=\"" << le << "\"} " << cumulative << "\n";
			}
			out << "authserver_db_commit_group_size_sum " << writer.units << "\n";
			out << "authserver_db_commit_group_size_count " << writer.groups << "\n";
			out << "# HELP authserver_db_write_units_failed_total Write units whose caller got an exception (rolled back to their savepoint).\n";
			out << "# TYPE authserver_db_write_units_failed_total counter\n";
			out << "authserver_db_write_units_failed_total " << writer.failedUnits << "\n";
			out << "# HELP authserver_db_write_units_waiting Write units queued for the writer now.\n";
			out << "# TYPE authserver_db_write_units_waiting gauge\n";
			out << "authserver_db_write_units_waiting " << writer.waiting << "\n";
		}
	}
	const Persistence::RetentionJob* pRetention = _pRetention.load();
	if (pRetention)
	{
		Persistence::RetentionJob::Deleted deleted = pRetention->totals();
		out << "# HELP authserver_retention_rows_deleted_total Rows the retention job deleted (retention.sessionDays, retention.oneTimeTokenDays, audit.retentionDays), by table.\n";
		out << "# TYPE authserver_retention_rows_deleted_total counter\n";
		out << "authserver_retention_rows_deleted_total{table=\"sessions\"} " << deleted.sessions << "\n";
		out << "authserver_retention_rows_deleted_total{table=\"refresh_tokens\"} " << deleted.refreshTokens << "\n";
		out << "authserver_retention_rows_deleted_total{table=\"one_time_tokens\"} " << deleted.oneTimeTokens << "\n";
		out << "authserver_retention_rows_deleted_total{table=\"audit_events\"} " << deleted.auditEvents << "\n";
		out << "authserver_retention_rows_deleted_total{table=\"recovery_codes\"} " << deleted.recoveryCodes << "\n";
		out << "authserver_retention_rows_deleted_total{table=\"legacy_token_exchanges\"} " << deleted.legacyTokenExchanges << "\n";
		out << "# HELP authserver_search_index_merge_steps_total SQLite: steps of the retention job that merged segments of the admin search's FTS5 indexes.\n";
		out << "# TYPE authserver_search_index_merge_steps_total counter\n";
		out << "authserver_search_index_merge_steps_total " << deleted.searchIndexMergeSteps << "\n";
	}
	{
		std::lock_guard<std::mutex> lock(_legacyMutex);
		if (_legacyHashes)
		{
			out << "# HELP authserver_compat_legacy_password_hashes Accounts whose password is still an imported Django hash (rehashed to Argon2id at their next login).\n";
			out << "# TYPE authserver_compat_legacy_password_hashes gauge\n";
			out << "authserver_compat_legacy_password_hashes " << _legacyHashes() << "\n";
		}
	}
	return out.str();
}


} } // namespace AuthServer::Http
