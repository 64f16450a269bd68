// Package converge makes one apply converge when the API's answers go
// missing: a write whose answer was lost (a dropped connection, a 502 or 504,
// a 503 without Retry-After, the operation's own timeout) may or may not have
// been carried out, so it is never simply sent again, nor reported as failed
// while the provider can still find out what happened.
//
//   - Create: the object is looked for by its natural key. Found, it is
//     adopted, or deleted and created again when it is useless without the
//     lost answer (an access key, whose secret only that answer carried);
//     not found, the create is sent again. Within the operation's timeout and
//     at most maxSends times; each step is logged at INFO.
//   - Apply: an update, delete or power action. The object's queued work is
//     waited for (it may be the lost change's own) and the object read back:
//     a change that took effect is done, one that did not is sent again.
//
// Whether a write may have taken effect is one rule, the client's
// (client.MayHaveTakenEffect); a resource supplies only its natural-key
// match and how to read a change back.
package converge

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/webcore/terraform-provider-webcore/internal/client"
)

// ClockSkew is how far the API's clock may run behind ours when judging
// whether an object was created by a given POST. A larger skew only makes
// an object of ours look older than the POST, so it is not adopted and the
// create is sent again or fails with an explanation: never a wrong adoption.
const ClockSkew = time.Minute

// settleTimeout bounds one look-up after a lost answer. It outlives the
// operation's context, since a timed-out create is one of the cases that
// need it.
const settleTimeout = time.Minute

// maxSends bounds how often one operation sends the same write.
const maxSends = 10

// Waits between sends: a write is sent again only after a look-up showed it
// did not take effect, or after the client gave up on a request that never
// reached the API, so a short, growing pause is enough.
const (
	resendWaitMin = 500 * time.Millisecond
	resendWaitMax = 10 * time.Second
)

// Attempt records when a create was first sent, so that an object found
// after its answer was lost can be told apart from older ones.
type Attempt struct {
	SentAt time.Time
}

// MayHaveMade reports whether an object with this created_at can have been
// created by the attempt: it is not older than the moment the request was
// first sent, less ClockSkew. An object without created_at never qualifies.
func (a Attempt) MayHaveMade(createdAt time.Time) bool {
	return !createdAt.IsZero() && !createdAt.Before(a.SentAt.Add(-ClockSkew))
}

// settleContext returns the context for looking up what a lost write did:
// it keeps ctx's values but not its deadline or cancellation, and ends after
// settleTimeout.
func settleContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
}

// Words name a resource's object in messages.
type Words struct {
	Noun   string // "user"
	Plural string // "users"
	Name   string // how this request names the object, e.g. `"alice"`; may be empty
	Key    string // the natural key, e.g. "this login and email"
}

// Spec is one create and what a resource knows about its objects.
type Spec[T any] struct {
	Words
	// Discard says the object is useless without the create's answer (it
	// carried a secret that cannot be read again): a found object is
	// deleted and the create sent again, instead of the object adopted.
	Discard bool
	// Create sends the create request.
	Create func(ctx context.Context) (*T, error)
	// List lists the objects the create could have made.
	List func(ctx context.Context) ([]T, error)
	// Match is the natural-key match: the listed objects the create, first
	// sent at attempt, can have made, and optionally a sentence about near
	// misses for the message.
	Match func(listed []T, attempt Attempt) (candidates []T, note string)
	// ID names an object in messages (and for Delete).
	ID func(T) string
	// Delete deletes an object; needed with Discard.
	Delete func(ctx context.Context, object T) error
	// Taken, when set, recognises the API's refusal of a create because the
	// natural key is taken (a 422 "has already been taken"). After a send
	// whose answer was lost, it means that send did create the object, so it
	// leads to another look-up, never to a failure.
	Taken func(err error) bool
}

// Outcome is what came of a create.
type Outcome[T any] struct {
	// Object is what the create made, or the object adopted after its answer
	// was lost; nil when the create failed.
	Object *T
	// Lost says what happened after an answer was lost; nil when the first
	// answer arrived.
	Lost *Lost
	// Err is why the create failed: the API's own error, or Lost.
	Err error
}

// Create sends the create of spec until it is known to have made exactly
// one object, within ctx and maxSends; see the package comment.
func Create[T any](ctx context.Context, spec Spec[T]) Outcome[T] {
	first := Attempt{SentAt: time.Now()}
	var lost *Lost
	for send := 1; ; send++ {
		created, err := spec.Create(ctx)
		if err == nil {
			if lost != nil {
				tflog.Info(ctx, fmt.Sprintf("created %s %s on attempt %d", spec.Noun, spec.Name, send))
			}
			return Outcome[T]{Object: created, Lost: lost}
		}
		if lost == nil {
			lost = &Lost{Words: spec.Words, Discard: spec.Discard, SentAt: first.SentAt}
		}
		lost.Sends, lost.Cause = send, err
		taken := send > 1 && spec.Taken != nil && spec.Taken(err)
		switch {
		case client.MayHaveTakenEffect(err), taken:
			tflog.Info(ctx, fmt.Sprintf("the answer to creating %s %s was lost (attempt %d): looking for it by %s",
				spec.Noun, spec.Name, send, spec.Key), map[string]any{"error": err.Error()})
			if done := settle(ctx, spec, first, lost); done != nil {
				return *done
			}
			if taken {
				// The key is someone else's: sending again cannot succeed.
				return Outcome[T]{Lost: lost, Err: lost}
			}
		case client.IsTransient(err):
			// Turned away, or never sent, after the client's own retries.
			lost.note(fmt.Sprintf("attempt %d was not processed (%v)", send, err))
		case send == 1:
			return Outcome[T]{Err: err}
		default:
			lost.note(fmt.Sprintf("attempt %d failed: %v", send, err))
			return Outcome[T]{Lost: lost, Err: lost}
		}
		// Not killed by a test: send > maxSends (one send more) would take a
		// minute of real pauses to tell apart.
		if send >= maxSends || !pause(ctx, send) {
			lost.GaveUp = true
			return Outcome[T]{Lost: lost, Err: lost}
		}
		tflog.Info(ctx, fmt.Sprintf("sending the create of %s %s again (attempt %d)", spec.Noun, spec.Name, send+1))
	}
}

// settle looks for what a lost create made and adopts or deletes it. It
// returns the final outcome, or nil when the create should be sent again.
func settle[T any](ctx context.Context, spec Spec[T], first Attempt, lost *Lost) *Outcome[T] {
	lookup, cancel := settleContext(ctx)
	defer cancel()
	listed, err := spec.List(lookup)
	if err != nil {
		lost.CheckErr = err
		return &Outcome[T]{Lost: lost, Err: lost}
	}
	candidates, note := spec.Match(listed, first)
	lost.Note, lost.Candidates = note, nil
	for _, c := range candidates {
		lost.Candidates = append(lost.Candidates, spec.ID(c))
	}
	switch {
	case spec.Discard && len(candidates) == 0:
		lost.note(fmt.Sprintf("after attempt %d no new %s appeared", lost.Sends, spec.Noun))
		return nil
	case spec.Discard:
		for _, c := range candidates {
			if err := spec.Delete(lookup, c); err != nil && !client.IsNotFound(err) {
				lost.Leftover = append(lost.Leftover, spec.ID(c))
				lost.DeleteErr = err
				return &Outcome[T]{Lost: lost, Err: lost}
			}
			lost.Deleted = append(lost.Deleted, spec.ID(c))
			tflog.Info(ctx, fmt.Sprintf("deleted %s %s, made by a create whose answer was lost", spec.Noun, spec.ID(c)))
		}
		return nil
	case len(candidates) == 1:
		lost.Adopted = lost.Candidates[0]
		tflog.Info(ctx, fmt.Sprintf("found %s %s, made by the create whose answer was lost: adopting it", spec.Noun, lost.Adopted))
		return &Outcome[T]{Object: &candidates[0], Lost: lost}
	case len(candidates) > 1:
		return &Outcome[T]{Lost: lost, Err: lost}
	}
	lost.note(fmt.Sprintf("after attempt %d no %s with %s was found", lost.Sends, spec.Noun, spec.Key))
	return nil
}

// resendWait is the pause after the attempt-th send: resendWaitMin,
// doubling, at most resendWaitMax.
func resendWait(attempt int) time.Duration {
	return min(resendWaitMin<<(attempt-1), resendWaitMax)
}

// pause waits before sending attempt+1, growing with attempt; false when ctx
// ends first.
func pause(ctx context.Context, attempt int) bool {
	timer := time.NewTimer(resendWait(attempt))
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-timer.C:
		return true
	}
}
