package webcore

import "time"

// Timestamps have millisecond precision, the wire format's, and updated_at
// always moves forward by at least 1 ms, so every change shows in it — also
// every PUT, even one that fails (failedPUTStillMovesUpdatedAt).

// nowMillis is the current time as stored: UTC, whole milliseconds.
func nowMillis() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }

// nextUpdatedAt is the updated_at of a change to an object last updated at prev.
func nextUpdatedAt(prev time.Time) time.Time {
	t := nowMillis()
	if !t.After(prev) {
		t = prev.Add(time.Millisecond)
	}
	return t
}

// changed is the copy of u that a change starts from: updated_at moved.
func (u *User) changed() *User {
	c := *u
	c.UpdatedAt = nextUpdatedAt(u.UpdatedAt)
	return &c
}

// changed is the copy of vm that a change starts from: updated_at moved.
func (vm *VirtualServer) changed() *VirtualServer {
	c := *vm
	c.UpdatedAt = nextUpdatedAt(vm.UpdatedAt)
	return &c
}

// failedPUTStillMovesUpdatedAt is the spec rule "updated_at changes on every
// PUT, even one that fails" for a PUT refused after its object was found:
// touched, the object with only updated_at moved, is committed first, and then
// the refusal is the answer (a failed commit answers 500 instead). PUTs refused
// before the lookup (401, 404, 406) change nothing. (a.mu held)
func (a *API) failedPUTStillMovesUpdatedAt(touched record, refusal reply) reply {
	return a.commit(a.newChange().put(touched), func() reply { return refusal })
}
