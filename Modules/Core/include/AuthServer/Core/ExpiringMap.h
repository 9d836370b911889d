//
// ExpiringMap.h
//
// A small thread-safe map whose entries are found for a fixed time.
//


#ifndef AuthServer_Core_ExpiringMap_INCLUDED
#define AuthServer_Core_ExpiringMap_INCLUDED


#include <chrono>
#include <mutex>
#include <optional>
#include <unordered_map>


namespace AuthServer {
namespace Core {


template <typename Key, typename Value>
class ExpiringMap
	/// Remembers values that are cheap enough to compute again: each entry
	/// is found for maxAge after it was put, and when maxEntries are held
	/// the map is emptied (no eviction order to keep up on every lookup).
	/// Times come from std::chrono::steady_clock unless the caller passes
	/// them (tests). Serves the admin search's planners (gram counts,
	/// gram hashes) and its capped totals. Thread-safe.
{
public:
	using Clock = std::chrono::steady_clock;

	ExpiringMap(std::size_t maxEntries, Clock::duration maxAge):
		_maxEntries(maxEntries),
		_maxAge(maxAge)
	{
	}

	std::optional<Value> find(const Key& key, Clock::time_point now = Clock::now())
		/// Returns the value put for key at most maxAge before now; none
		/// (and the entry is dropped) when it is older, or was put after
		/// now.
	{
		std::lock_guard<std::mutex> lock(_mutex);
		auto it = _entries.find(key);
		if (it == _entries.end()) return std::nullopt;
		if (now >= it->second.putAt && now - it->second.putAt <= _maxAge) return it->second.value;
		_entries.erase(it);
		return std::nullopt;
	}

	void put(const Key& key, Value value, Clock::time_point now = Clock::now())
		/// Remembers value for key from now; empties the map first when it
		/// holds maxEntries.
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (_entries.size() >= _maxEntries) _entries.clear();
		_entries[key] = Entry{std::move(value), now};
	}

private:
	struct Entry
	{
		Value value;
		Clock::time_point putAt;
	};

	const std::size_t _maxEntries;
	const Clock::duration _maxAge;
	std::mutex _mutex;
	std::unordered_map<Key, Entry> _entries;
};


} } // namespace AuthServer::Core


#endif // AuthServer_Core_ExpiringMap_INCLUDED
