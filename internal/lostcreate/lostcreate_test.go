package lostcreate

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/client"
)

func TestMayHaveCreated(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"no error", nil, false},
		{"lost response", &client.RequestError{Err: errors.New("EOF"), MaybeProcessed: true}, true},
		{"never sent", &client.RequestError{Err: &net.OpError{Op: "dial", Err: errors.New("refused")}}, false},
		{"deadline in flight", &client.RequestError{Err: fmt.Errorf("post: %w", context.DeadlineExceeded)}, true},
		{"cancelled in flight", &client.RequestError{Err: context.Canceled}, true},
		{"500", &client.APIError{StatusCode: 500, Kind: client.KindServer}, true},
		{"502 wrapped", fmt.Errorf("creating: %w", &client.APIError{StatusCode: 502, Kind: client.KindServer}), true},
		{"422", &client.APIError{StatusCode: 422, Kind: client.KindValidation}, false},
		{"403", &client.APIError{StatusCode: 403, Kind: client.KindForbidden}, false},
		{"429", &client.APIError{StatusCode: 429, Kind: client.KindRateLimited}, false},
		{"unreadable 2xx body", &client.DecodeError{Service: "webcore", Err: errors.New("bad json")}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := MayHaveCreated(tc.err); got != tc.want {
				t.Errorf("MayHaveCreated(%v) = %t, want %t", tc.err, got, tc.want)
			}
		})
	}
}

func TestAttemptMayHaveMade(t *testing.T) {
	sent := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	attempt := Attempt{SentAt: sent}
	for _, tc := range []struct {
		name      string
		createdAt time.Time
		want      bool
	}{
		{"after the request", sent.Add(200 * time.Millisecond), true},
		{"same instant", sent, true},
		{"server clock slightly behind", sent.Add(-ClockSkew + time.Second), true},
		{"at the skew limit", sent.Add(-ClockSkew), true},
		{"older than the skew allows", sent.Add(-ClockSkew - time.Millisecond), false},
		{"long before", sent.Add(-24 * time.Hour), false},
		{"no created_at", time.Time{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := attempt.MayHaveMade(tc.createdAt); got != tc.want {
				t.Errorf("MayHaveMade(%s) = %t, want %t", tc.createdAt, got, tc.want)
			}
		})
	}
}

func TestSettleContextOutlivesTheOperation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	lookup, stop := settleContext(ctx)
	defer stop()
	if err := lookup.Err(); err != nil {
		t.Fatalf("the look-up context ended with the operation: %v", err)
	}
	deadline, ok := lookup.Deadline()
	if !ok || time.Until(deadline) > settleTimeout {
		t.Fatalf("the look-up context has no deadline within %s: %v %t", settleTimeout, deadline, ok)
	}
}
