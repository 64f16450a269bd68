package converge

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/client"
)

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

// api is a fake API of named objects whose creates follow a script: each
// send takes the next step, "ok", "lost" (made, answer lost), "dropped"
// (not made, answer lost), "late" (answer lost, made only after the
// look-up, as by a slow proxy), "taken" (422, natural key taken) or
// "refused" (403).
type api struct {
	mu      sync.Mutex
	script  []string
	objects []object
	late    []object
	sends   int
	lists   int
	deleted []string
}

type object struct {
	id      string
	created time.Time
}

var errLost = &client.RequestError{Service: "test", Method: "POST", Path: "/things", Err: errors.New("EOF"), MaybeProcessed: true}

func (a *api) create(context.Context) (*object, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	step := a.script[min(a.sends, len(a.script)-1)]
	a.sends++
	a.objects, a.late = append(a.objects, a.late...), nil
	switch step {
	case "taken":
		return nil, &client.APIError{StatusCode: 422, Kind: client.KindValidation, Message: "login has already been taken"}
	case "refused":
		return nil, &client.APIError{StatusCode: 403, Kind: client.KindForbidden, Message: "no"}
	case "dropped":
		return nil, errLost
	}
	o := object{id: "o" + string(rune('0'+a.sends)), created: time.Now()}
	switch step {
	case "late":
		a.late = append(a.late, o)
		return nil, errLost
	case "lost":
		a.objects = append(a.objects, o)
		return nil, errLost
	}
	a.objects = append(a.objects, o)
	return &o, nil
}

func (a *api) list(context.Context) ([]object, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.lists++
	return append([]object(nil), a.objects...), nil
}

func (a *api) spec(discard bool) Spec[object] {
	return Spec[object]{
		Words:   Words{Noun: "thing", Plural: "things", Name: `"t"`, Key: "this name"},
		Discard: discard,
		Create:  a.create,
		List:    a.list,
		Match: func(listed []object, attempt Attempt) ([]object, string) {
			var out []object
			for _, o := range listed {
				if attempt.MayHaveMade(o.created) {
					out = append(out, o)
				}
			}
			return out, ""
		},
		ID: func(o object) string { return o.id },
		Delete: func(_ context.Context, o object) error {
			a.mu.Lock()
			defer a.mu.Unlock()
			for i := range a.objects {
				if a.objects[i].id == o.id {
					a.objects = append(a.objects[:i], a.objects[i+1:]...)
					a.deleted = append(a.deleted, o.id)
					return nil
				}
			}
			return &client.APIError{StatusCode: 404, Kind: client.KindNotFound}
		},
		Taken: client.IsValidation,
	}
}

func TestCreateConverges(t *testing.T) {
	for _, tc := range []struct {
		name       string
		script     []string
		discard    bool
		wantID     string
		wantSends  int
		wantAlive  int // objects left in the API
		wantErrHas string
	}{
		{"answered", []string{"ok"}, false, "o1", 1, 1, ""},
		{"lost, found, adopted", []string{"lost"}, false, "o1", 1, 1, ""},
		{"lost, not made, sent again", []string{"dropped", "ok"}, false, "o2", 2, 1, ""},
		{"lost twice, then made", []string{"dropped", "dropped", "ok"}, false, "o3", 3, 1, ""},
		{"a resend told the key is taken: the first send made it", []string{"late", "taken"}, false, "o1", 2, 1, ""},
		{"the first send refused: no look-up", []string{"refused"}, false, "", 1, 0, "403"},
		{"discard: the lost object is deleted and made again", []string{"lost", "ok"}, true, "o2", 2, 1, ""},
		{"a resend refused: the error says what was tried", []string{"dropped", "refused"}, false, "", 2, 0, "What was tried"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := &api{script: tc.script}
			out := Create(context.Background(), a.spec(tc.discard))
			gotID := ""
			if out.Object != nil {
				gotID = out.Object.id
			}
			if gotID != tc.wantID || a.sends != tc.wantSends || len(a.objects) != tc.wantAlive {
				t.Fatalf("object %q after %d sends, %d alive; want %q, %d sends, %d alive (err %v)",
					gotID, a.sends, len(a.objects), tc.wantID, tc.wantSends, tc.wantAlive, out.Err)
			}
			if tc.wantErrHas != "" && (out.Err == nil || !strings.Contains(out.Err.Error(), tc.wantErrHas)) {
				t.Fatalf("err = %v, want one containing %q", out.Err, tc.wantErrHas)
			}
			if (tc.wantID == "") != (out.Err != nil) {
				t.Fatalf("object %q with err %v", gotID, out.Err)
			}
		})
	}
}

// A create that keeps failing ends with the operation's timeout, and the
// error says what was tried.
func TestCreateGivesUpAtTheDeadline(t *testing.T) {
	a := &api{script: []string{"dropped"}}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	out := Create(ctx, a.spec(false))
	if out.Object != nil || out.Lost == nil || !out.Lost.GaveUp || a.sends < 2 || len(a.objects) != 0 {
		t.Fatalf("outcome %+v after %d sends", out, a.sends)
	}
	msg := out.Err.Error()
	for _, want := range []string{"did not succeed in", "within the timeout", "no thing with this name was found", "EOF"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
}

func TestApply(t *testing.T) {
	for _, tc := range []struct {
		name      string
		answers   []error // what each send returns
		applied   []bool  // what each read-back finds
		wantSends int
		wantErr   bool
	}{
		{"answered", []error{nil}, nil, 1, false},
		{"lost but applied: not resent", []error{errLost}, []bool{true}, 1, false},
		{"lost and not applied: resent", []error{errLost, nil}, []bool{false}, 2, false},
		{"refused: returned as it is", []error{&client.APIError{StatusCode: 404, Kind: client.KindNotFound}}, nil, 1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sends, checks, settled := 0, 0, 0
			err := Apply(context.Background(), Change{
				What: "changing thing 1",
				Send: func(context.Context) error { sends++; return tc.answers[sends-1] },
				Settle: func(context.Context) error {
					settled++
					return nil
				},
				Applied: func(context.Context) (bool, error) { checks++; return tc.applied[checks-1], nil },
			})
			if sends != tc.wantSends || (err != nil) != tc.wantErr || settled != checks {
				t.Fatalf("%d sends, %d settles, %d checks, err %v", sends, settled, checks, err)
			}
		})
	}
}

// A resend refused because the natural key is taken, with no object of this
// create to be found, means someone else holds the key: the create fails at
// once instead of sending again and again.
func TestCreateStopsWhenTheKeyIsSomeoneElses(t *testing.T) {
	a := &api{script: []string{"dropped", "taken"}}
	out := Create(context.Background(), a.spec(false))
	if out.Object != nil || a.sends != 2 || out.Err == nil || !strings.Contains(out.Err.Error(), "already been taken") {
		t.Fatalf("outcome %+v after %d sends; want a failure after the second send", out, a.sends)
	}
}

// A first send told the key is taken is the API's answer, as it is: no
// earlier send of this create can have made the object, so nothing is
// looked up.
func TestCreateFirstSendTakenIsTheAnswer(t *testing.T) {
	a := &api{script: []string{"taken"}}
	out := Create(context.Background(), a.spec(false))
	var apiErr *client.APIError
	if out.Lost != nil || a.lists != 0 || !errors.As(out.Err, &apiErr) || apiErr.StatusCode != 422 {
		t.Fatalf("outcome %+v after %d lists; want the 422 as it is, with no look-up", out, a.lists)
	}
}

// A change whose answer was lost is checked even when the operation's own
// time ran out meanwhile: the check gets a time of its own.
func TestApplyChecksAfterTheDeadline(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := Apply(ctx, Change{
		What: "changing thing 1",
		Send: func(context.Context) error { return errLost },
		Settle: func(ctx context.Context) error {
			return ctx.Err()
		},
		Applied: func(ctx context.Context) (bool, error) { return ctx.Err() == nil, ctx.Err() },
	})
	if err != nil {
		t.Fatalf("err = %v; want the change found applied", err)
	}
}

// The pause before a resend starts short and doubles, up to a cap.
func TestResendWaitGrowsToTheCap(t *testing.T) {
	want := []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 10 * time.Second, 10 * time.Second}
	for i, w := range want {
		if got := resendWait(i + 1); got != w {
			t.Errorf("after send %d: wait %v, want %v", i+1, got, w)
		}
	}
}
