package nesterr

// ErrInexistentConnection is NEST's InexistentConnection: a connection to
// be removed does not exist.
var ErrInexistentConnection = newCategory("InexistentConnection")
