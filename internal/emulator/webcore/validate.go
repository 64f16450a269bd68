package webcore

import (
	"regexp"
	"strings"
)

const (
	msgBlank = "can't be blank"
	msgTaken = "has already been taken"
)

var (
	loginPattern        = regexp.MustCompile(`^[A-Za-z0-9_@.\-]+$`)
	emailPattern        = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	rootPasswordPattern = regexp.MustCompile(`^[A-Za-z0-9_\-]+$`)
	hostnameLabel       = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9\-]{0,61}[A-Za-z0-9])?$`)
)

// validateLogin checks the format rules of a login (uniqueness is the caller's).
func validateLogin(fe fieldErrors, login string) {
	switch {
	case login == "":
		fe.add("login", msgBlank)
	case len(login) < 2:
		fe.add("login", "is too short (minimum is 2 characters)")
	case len(login) > 40:
		fe.add("login", "is too long (maximum is 40 characters)")
	case !loginPattern.MatchString(login) || strings.HasPrefix(login, "-") || strings.HasPrefix(login, "@"):
		fe.add("login", "is invalid")
	}
}

func validateEmail(fe fieldErrors, email string) {
	switch {
	case email == "":
		fe.add("email", msgBlank)
	case len(email) > 255 || !emailPattern.MatchString(email):
		fe.add("email", "is invalid")
	}
}

// maxPasswordBytes is what bcrypt hashes: it refuses a longer password, which
// must be a 422 on the field, not a 500 from the hash.
const maxPasswordBytes = 72

func validatePassword(fe fieldErrors, pw string) {
	switch {
	case pw == "":
		fe.add("password", msgBlank)
	case len(pw) < 6:
		fe.add("password", "is too short (minimum is 6 characters)")
	case len(pw) > maxPasswordBytes:
		fe.add("password", "is too long (maximum is 72 bytes)")
	}
}

func validateUserStatus(fe fieldErrors, status string) {
	if status != "active" && status != "suspended" {
		fe.add("status", "is not included in the list")
	}
}

// validHostname follows RFC 1123: dot-separated labels of letters, digits
// and inner hyphens, 63 characters each, 253 in all.
func validHostname(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if !hostnameLabel.MatchString(label) {
			return false
		}
	}
	return true
}

func validateRootPassword(fe fieldErrors, pw string) {
	switch {
	case len(pw) < 6:
		fe.add("initial_root_password", "is too short (minimum is 6 characters)")
	case len(pw) > 32:
		fe.add("initial_root_password", "is too long (maximum is 32 characters)")
	case !rootPasswordPattern.MatchString(pw):
		fe.add("initial_root_password", "is invalid (only letters, digits, _ and - are allowed)")
	}
}

// sizing is the resizable part of a virtual server.
type sizing struct {
	Memory, CPUs, CPUShares int
}

// validateSizing checks memory, cpus and cpu_shares ranges.
func validateSizing(fe fieldErrors, s sizing, tmpl *Template) {
	minMemory := 128
	if tmpl != nil {
		minMemory = max(minMemory, tmpl.MinMemorySize)
	}
	if s.Memory < minMemory {
		fe.addf("memory", "must be greater than or equal to %d", minMemory)
	}
	if s.CPUs < 1 {
		fe.add("cpus", "must be greater than or equal to 1")
	}
	if s.CPUShares < 1 {
		fe.add("cpu_shares", "must be greater than or equal to 1")
	} else if s.CPUShares > 100 {
		fe.add("cpu_shares", "must be less than or equal to 100")
	}
}
