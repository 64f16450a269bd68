package client

import "errors"

// MayHaveTakenEffect reports whether a write that returned err may
// nevertheless have been carried out, so that its outcome must be checked
// before it is sent again: no answer arrived after the request may have
// reached the API (RequestError.MaybeProcessed, the caller's own deadline
// included), a 2xx answer was unreadable, or the API or a proxy in front of
// it answered 5xx, possibly after committing. A 503 with Retry-After, like a
// 429, turns the request away, and so took no effect; so did any other 4xx
// answer, a request that never left, a refused redirect and a Retry-After
// the client did not wait out.
func MayHaveTakenEffect(err error) bool {
	if err == nil {
		return false
	}
	var retryAfter *RetryAfterError
	if errors.As(err, &retryAfter) || isRefusedRedirect(err) {
		return false
	}
	if apiErr, ok := AsAPIError(err); ok {
		return apiErr.Kind == KindServer && !apiErr.TurnedAway
	}
	var reqErr *RequestError
	if errors.As(err, &reqErr) {
		return reqErr.MaybeProcessed
	}
	return true // a DecodeError (2xx unreadable), or an error this rule does not know
}

// IsTransient reports whether err may go away if the same request is tried
// again later: a 5xx or 429 answer, or no answer at all. TLS failures,
// refused redirects, Retry-After waits the operation cannot afford and every
// other 4xx are permanent. Callers check their own context first: a request
// that ended with it is not worth trying again.
func IsTransient(err error) bool {
	if err == nil {
		return false
	}
	var retryAfter *RetryAfterError
	if errors.As(err, &retryAfter) {
		return false
	}
	if apiErr, ok := AsAPIError(err); ok {
		return apiErr.Kind == KindServer || apiErr.Kind == KindRateLimited
	}
	var reqErr *RequestError
	if errors.As(err, &reqErr) {
		return !isPermanentTransportError(reqErr.Err)
	}
	return false
}
