// Package lostcreate settles a create whose answer was lost: the request may
// or may not have made the object, so the provider looks for it by the
// resource's natural key and then adopts it, or deletes it when it is useless
// without the answer (an access key whose secret only the answer carried),
// or says exactly what is known. Every resource uses this one helper and its
// one rule for when a create may have happened (MayHaveCreated); a resource
// supplies only its natural-key match and the words for its object.
package lostcreate

import (
	"context"
	"errors"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/client"
)

// ClockSkew is how far the API's clock may run behind ours when judging
// whether an object was created by a given POST. A larger skew only makes
// an object of ours look older than the POST, so it is not adopted and the
// create fails with an explanation: never a wrong adoption.
const ClockSkew = time.Minute

// settleTimeout bounds the look-up after a lost answer. It outlives the
// operation's context, since a timed-out create is one of the cases that
// need it.
const settleTimeout = time.Minute

// Attempt records when a create request was sent, so that an object found
// after its answer was lost can be told apart from older ones.
type Attempt struct {
	SentAt time.Time
}

// MayHaveMade reports whether an object with this created_at can have been
// created by the attempt: it is not older than the moment the request was
// sent, less ClockSkew. An object without created_at never qualifies.
func (a Attempt) MayHaveMade(createdAt time.Time) bool {
	return !createdAt.IsZero() && !createdAt.Before(a.SentAt.Add(-ClockSkew))
}

// MayHaveCreated is the one rule for whether a create that returned err may
// nevertheless have created the object: the client did not resend it after
// it may have reached the API (RequestError.MaybeProcessed), the context
// ended while it was in flight, a 2xx body was unreadable, or the API (or a
// proxy in front of it) answered 5xx, possibly after committing. A 4xx
// answer, or a request that never left (dial or DNS failure), created
// nothing.
func MayHaveCreated(err error) bool {
	if err == nil {
		return false
	}
	if apiErr, ok := client.AsAPIError(err); ok {
		return apiErr.Kind == client.KindServer
	}
	var reqErr *client.RequestError
	if errors.As(err, &reqErr) {
		return reqErr.MaybeProcessed ||
			errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
	}
	return true
}

// settleContext returns the context for looking up what a lost create made:
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
	// carried a secret that cannot be read again): a found object is deleted
	// and the create fails, instead of being adopted.
	Discard bool
	// Create sends the create request.
	Create func(ctx context.Context) (*T, error)
	// List lists the objects the create could have made.
	List func(ctx context.Context) ([]T, error)
	// Match is the natural-key match: the listed objects this attempt can
	// have made, and optionally a sentence about near misses for the message.
	Match func(listed []T, attempt Attempt) (candidates []T, note string)
	// ID names an object in messages (and for Delete).
	ID func(T) string
	// Delete deletes an object; needed with Discard.
	Delete func(ctx context.Context, object T) error
}

// Outcome is what came of a create.
type Outcome[T any] struct {
	// Object is what the create made, or the object adopted after its answer
	// was lost; nil when the create failed.
	Object *T
	// Lost says what the look-up after a lost answer found and did; nil when
	// the answer arrived, or the error shows nothing was created.
	Lost *Lost
	// Err is why the create failed: the API's own error, or Lost.
	Err error
}

// Create sends the create of spec. When its answer may have been lost, it
// lists the objects once (outside the operation's deadline), applies the
// natural-key match, and adopts the single candidate, or with Discard
// deletes the candidates; anything else fails with a *Lost error that says
// what is known.
func Create[T any](ctx context.Context, spec Spec[T]) Outcome[T] {
	attempt := Attempt{SentAt: time.Now()}
	created, err := spec.Create(ctx)
	if err == nil {
		return Outcome[T]{Object: created}
	}
	if !MayHaveCreated(err) {
		return Outcome[T]{Err: err}
	}
	lost := &Lost{Words: spec.Words, Discard: spec.Discard, Cause: err, SentAt: attempt.SentAt}
	ctx, cancel := settleContext(ctx)
	defer cancel()
	listed, err := spec.List(ctx)
	if err != nil {
		lost.CheckErr = err
		return Outcome[T]{Lost: lost, Err: lost}
	}
	candidates, note := spec.Match(listed, attempt)
	lost.Note = note
	for _, c := range candidates {
		lost.Candidates = append(lost.Candidates, spec.ID(c))
	}
	if spec.Discard {
		for _, c := range candidates {
			if err := spec.Delete(ctx, c); err != nil && !client.IsNotFound(err) {
				lost.Leftover = append(lost.Leftover, spec.ID(c))
				lost.DeleteErr = err
				continue
			}
			lost.Deleted = append(lost.Deleted, spec.ID(c))
		}
		return Outcome[T]{Lost: lost, Err: lost}
	}
	if len(candidates) != 1 {
		return Outcome[T]{Lost: lost, Err: lost}
	}
	lost.Adopted = lost.Candidates[0]
	return Outcome[T]{Object: &candidates[0], Lost: lost}
}
