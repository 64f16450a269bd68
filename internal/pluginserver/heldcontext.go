package pluginserver

import (
	"context"
	"sync/atomic"
	"time"
)

// heldContext is the context a call's handler gets: it answers as the
// call's own context until release, and holds nothing of it afterwards
// but its Done channel. Cancellation still reaches contexts derived from
// it: context.WithCancel finds the call's cancelCtx through Value, which
// is why Done must be that context's own channel.
type heldContext struct {
	done <-chan struct{}
	call atomic.Pointer[callRef]
}

// callRef boxes the call's context for the atomic pointer.
type callRef struct{ ctx context.Context }

func hold(ctx context.Context) *heldContext {
	h := &heldContext{done: ctx.Done()}
	h.call.Store(&callRef{ctx})
	return h
}

// release drops the call's context; from here on the handler's contexts
// carry no values and no deadline, and are done when the call's was.
func (h *heldContext) release() { h.call.Store(nil) }

func (h *heldContext) Deadline() (time.Time, bool) {
	if c := h.call.Load(); c != nil {
		return c.ctx.Deadline()
	}
	return time.Time{}, false
}

func (h *heldContext) Done() <-chan struct{} { return h.done }

func (h *heldContext) Err() error {
	if c := h.call.Load(); c != nil {
		return c.ctx.Err()
	}
	select { // Err must stay nil until Done is closed
	case <-h.done:
		return context.Canceled
	default:
		return nil
	}
}

func (h *heldContext) Value(key any) any {
	if c := h.call.Load(); c != nil {
		return c.ctx.Value(key)
	}
	return nil
}

func (h *heldContext) String() string { return "pluginserver.heldContext" }
