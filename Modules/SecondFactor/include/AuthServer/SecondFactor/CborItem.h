//
// CborItem.h
//
// Owns one libcbor item (the reference cbor_load() or a cbor_build_*()
// call returned) and releases it on scope exit.
//


#ifndef AuthServer_SecondFactor_CborItem_INCLUDED
#define AuthServer_SecondFactor_CborItem_INCLUDED


#include <cbor.h>


namespace AuthServer {
namespace SecondFactor {


struct CborItem
	/// RAII over cbor_item_t*: p is null or a reference this object owns;
	/// the destructor drops it with cbor_decref (libcbor's reference
	/// counting). Not copyable.
{
	explicit CborItem(cbor_item_t* pItem): p(pItem) {}
	~CborItem() { if (p) cbor_decref(&p); }
	CborItem(const CborItem&) = delete;
	CborItem& operator = (const CborItem&) = delete;
	cbor_item_t* p;
};


} } // namespace AuthServer::SecondFactor


#endif // AuthServer_SecondFactor_CborItem_INCLUDED
