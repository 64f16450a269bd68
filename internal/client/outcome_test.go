package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"
)

func TestMayHaveTakenEffectAndIsTransient(t *testing.T) {
	for _, tc := range []struct {
		name               string
		err                error
		mayHave, transient bool
	}{
		{"no error", nil, false, false},
		{"lost answer", &RequestError{Err: errors.New("EOF"), MaybeProcessed: true}, true, true},
		{"own deadline in flight", &RequestError{Err: context.DeadlineExceeded, MaybeProcessed: true}, true, true},
		{"never sent", &RequestError{Err: &net.OpError{Op: "dial", Err: errors.New("refused")}}, false, true},
		{"refused redirect", &RequestError{Err: &RedirectError{To: "http://x/"}}, false, false},
		{"500", &APIError{StatusCode: 500, Kind: KindServer}, true, true},
		{"502 wrapped", fmt.Errorf("creating: %w", &APIError{StatusCode: 502, Kind: KindServer}), true, true},
		{"503 without Retry-After", &APIError{StatusCode: 503, Kind: KindServer}, true, true},
		{"503 with Retry-After", &APIError{StatusCode: 503, Kind: KindServer, TurnedAway: true}, false, true},
		{"429", &APIError{StatusCode: 429, Kind: KindRateLimited, TurnedAway: true}, false, true},
		{"422", &APIError{StatusCode: 422, Kind: KindValidation}, false, false},
		{"403", &APIError{StatusCode: 403, Kind: KindForbidden}, false, false},
		{"Retry-After past the deadline", &RetryAfterError{Status: 429, Wait: time.Hour}, false, false},
		{"unreadable 2xx body", &DecodeError{Service: "webcore", Err: errors.New("bad json")}, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := MayHaveTakenEffect(tc.err); got != tc.mayHave {
				t.Errorf("MayHaveTakenEffect = %t, want %t", got, tc.mayHave)
			}
			if got := IsTransient(tc.err); got != tc.transient {
				t.Errorf("IsTransient = %t, want %t", got, tc.transient)
			}
		})
	}
}
