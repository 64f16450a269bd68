package provider

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// tfLogger sends the client's request log to Terraform's log (TF_LOG), with
// every configured secret masked wherever it appears.
type tfLogger struct {
	mu      sync.RWMutex
	secrets []string
}

func newTFLogger() *tfLogger { return &tfLogger{} }

func (l *tfLogger) addSecrets(values ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, v := range values {
		if v != "" {
			l.secrets = append(l.secrets, v)
		}
	}
}

// Log implements client.Logger.
func (l *tfLogger) Log(ctx context.Context, msg string, fields map[string]any) {
	l.mu.RLock()
	secrets := l.secrets
	l.mu.RUnlock()
	ctx = tflog.MaskAllFieldValuesStrings(ctx, secrets...)
	ctx = tflog.MaskMessageStrings(ctx, secrets...)
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, "password", "api_key", "secret_key", "access_token", "authorization")
	tflog.Debug(ctx, msg, fields)
}
