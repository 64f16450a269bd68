package webcore

import (
	"os"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

func TestMain(m *testing.M) {
	// The cheapest bcrypt keeps user-heavy tests fast under -race; the cost
	// does not change any behaviour under test.
	passwordCost = bcrypt.MinCost
	os.Exit(m.Run())
}
