package nesterr

// ErrMemory is NEST's MemoryError (in Python also a MemoryError): a request
// would need more memory than the process can get. gonest raises it before
// allocating, since Go cannot recover from running out of memory.
var ErrMemory = newCategory("MemoryError")
