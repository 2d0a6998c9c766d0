package workshops

import "context"

// Bus carries messages between the nodes that serve the same boards: new
// events, so every node's replica of a board keeps up, and ephemeral
// traffic (presence, cursors). A Bus is a fast path, never a store: a
// message may be lost (a node's link drops, the broker restarts), and
// nodes fill such gaps from the Store.
//
// Implementations are safe for concurrent use.
type Bus interface {
	// Publish sends msg to every subscriber of the board, on every node,
	// this one included. Messages from one publisher arrive in the order
	// they were published.
	Publish(ctx context.Context, boardID string, msg []byte) error
	// Subscribe calls handle for every message published on the board from
	// now on, until cancel is called. handle must return quickly and must
	// not keep msg after it returns. A node subscribes once per board, not
	// once per connection.
	Subscribe(ctx context.Context, boardID string, handle func(msg []byte)) (cancel func(), err error)
	// Ping reports whether the bus can carry messages now.
	Ping(ctx context.Context) error
	// Close ends every subscription and releases the bus.
	Close() error
}
