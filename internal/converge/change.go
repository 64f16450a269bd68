package converge

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/webcore/terraform-provider-webcore/internal/client"
)

// Change is a write to an existing object: an update, a delete, a power
// action.
type Change struct {
	// What names the change in logs and errors: "updating virtual server 12".
	What string
	// Send sends the change.
	Send func(ctx context.Context) error
	// Settle, when set, waits for the object's queued work, which a lost
	// change may have queued (a resize): its lock is waited out, never
	// reported as a refusal.
	Settle func(ctx context.Context) error
	// Applied reads the object back and reports whether the change is in
	// effect. A change it cannot confirm (a password, never returned) is
	// reported as not applied and sent again, so only changes that are safe
	// to repeat may be unconfirmable.
	Applied func(ctx context.Context) (bool, error)
}

// Apply sends c until it is known to have taken effect, within ctx and
// maxSends. An error the API answered (a 422, a 404) is returned as it is:
// the caller decides, say, that a 404 to a delete means done.
func Apply(ctx context.Context, c Change) error {
	for send := 1; ; send++ {
		err := c.Send(ctx)
		if err == nil || !client.MayHaveTakenEffect(err) {
			return err
		}
		tflog.Info(ctx, fmt.Sprintf("the answer to %s was lost (attempt %d): checking whether it took effect", c.What, send),
			map[string]any{"error": err.Error()})
		applied, checkErr := c.check(ctx)
		switch {
		case checkErr != nil:
			return fmt.Errorf("%w; checking whether it took effect failed too: %w", err, checkErr)
		case applied:
			tflog.Info(ctx, c.What+": the change took effect")
			return nil
		case send >= maxSends || !pause(ctx, send):
			return fmt.Errorf("%s did not take effect in %s (the last answer was lost too): %w", c.What, attempts(send), err)
		}
		tflog.Info(ctx, fmt.Sprintf("%s: the change did not take effect; sending it again (attempt %d)", c.What, send+1))
	}
}

// check waits for queued work, then reads the object back: within the
// operation's time, which a queued resize may need, or for settleTimeout
// when the operation's own deadline has passed.
func (c Change) check(ctx context.Context) (bool, error) {
	if ctx.Err() != nil {
		var cancel context.CancelFunc
		ctx, cancel = settleContext(ctx)
		defer cancel()
	}
	if c.Settle != nil {
		if err := c.Settle(ctx); err != nil {
			return false, err
		}
	}
	return c.Applied(ctx)
}
