package accesskey

import "time"

// SetClockForTest makes the provider (served in-process by the acceptance
// tests) see now+offset when deciding whether a key has expired, and returns
// the function that undoes it.
func SetClockForTest(offset time.Duration) (restore func()) {
	f := func() time.Time { return time.Now().Add(offset) }
	clock.Store(&f)
	return func() { clock.Store(nil) }
}
