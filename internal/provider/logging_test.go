package provider

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// The provider's log masks the configured secrets wherever they appear (the
// message or any field), and every value of a field named like a secret,
// whatever it holds; an empty secret masks nothing.
func TestTFLoggerMasksSecrets(t *testing.T) {
	var out bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &out)
	l := newTFLogger()
	l.addSecrets("admin-pw-123", "")
	l.addSecrets("token-456")
	l.Log(ctx, "echoed admin-pw-123", map[string]any{
		"url":           "https://h/x?authorization=token-456",
		"body":          `{"note": "admin-pw-123"}`,
		"password":      "user-pw-1",
		"api_key":       "key-2",
		"secret_key":    "secret-3",
		"access_token":  "access-4",
		"authorization": "Bearer auth-5",
		"login":         "jdoe",
	})
	text := out.String()
	for _, secret := range []string{"admin-pw-123", "token-456", "user-pw-1", "key-2", "secret-3", "access-4", "auth-5"} {
		if strings.Contains(text, secret) {
			t.Errorf("the log holds %q:\n%s", secret, text)
		}
	}
	for _, kept := range []string{`"login":"jdoe"`, `"@level":"debug"`, `"@message":"echoed ***"`, `"url":"https://h/x?authorization=***"`} {
		if !strings.Contains(text, kept) {
			t.Errorf("the log lacks %s:\n%s", kept, text)
		}
	}
	if strings.Count(text, "\n") != 1 {
		t.Errorf("want one line:\n%s", text)
	}
}
