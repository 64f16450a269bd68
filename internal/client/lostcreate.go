package client

import (
	"context"
	"errors"
	"time"
)

// CreateClockSkew is how far the API's clock may run behind ours when
// judging whether an object was created by a given POST. A larger skew only
// makes an object of ours look older than the POST, so it is not adopted and
// the create fails with an explanation: never a wrong adoption.
const CreateClockSkew = time.Minute

// reconcileTimeout bounds the look-up after a lost create response. It
// outlives the operation's context, since a timed-out create is one of the
// cases that need it.
const reconcileTimeout = time.Minute

// CreateAttempt records when a create request was sent, so that an object
// found after its response was lost can be told apart from older ones.
type CreateAttempt struct {
	SentAt time.Time
}

// StartCreate is called just before sending a create request.
func StartCreate() CreateAttempt { return CreateAttempt{SentAt: time.Now()} }

// MayHaveMade reports whether an object with this created_at can have been
// created by the attempt: it is not older than the moment the request was
// sent, less CreateClockSkew. An object without created_at never qualifies.
func (a CreateAttempt) MayHaveMade(createdAt FlexTime) bool {
	return !createdAt.IsZero() && !createdAt.Before(a.SentAt.Add(-CreateClockSkew))
}

// CreateMayHaveSucceeded reports whether a create that returned err may
// nevertheless have created the object: the client did not resend it after
// it may have reached the API (RequestError.MaybeProcessed), the context
// ended while it was in flight, a 2xx body was unreadable, or the API (or a
// proxy in front of it) answered 5xx, possibly after committing. A 4xx
// answer, or a request that never left (dial or DNS failure), created
// nothing.
func CreateMayHaveSucceeded(err error) bool {
	if err == nil {
		return false
	}
	if apiErr, ok := AsAPIError(err); ok {
		return apiErr.Kind == KindServer
	}
	var reqErr *RequestError
	if errors.As(err, &reqErr) {
		return reqErr.MaybeProcessed ||
			errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
	}
	return true
}

// ReconcileContext returns the context for looking up what a lost create
// made: it keeps ctx's values but not its deadline or cancellation, and
// ends after reconcileTimeout.
func ReconcileContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), reconcileTimeout)
}
