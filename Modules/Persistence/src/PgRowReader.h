//
// PgRowReader.h
//
// Kept for the stores of Persistence: the class is public now.
//


#include "AuthServer/Persistence/PgRowReader.h"
