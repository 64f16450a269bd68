package emulator

import (
	"net/url"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/webcore"
	"github.com/webcore/terraform-provider-webcore/internal/emulator/webscale"
)

// defaultDomains builds the two vendor APIs, each with its own store (so one
// domain's Reset, which clears its store, never touches the other's data).
func defaultDomains(env domainEnv) ([]Domain, error) {
	wc, err := newWebcore(env)
	if err != nil {
		return nil, err
	}
	ws, err := newWebscale(env)
	if err != nil {
		_ = wc.Close() // stop its transaction engine before giving up
		return nil, err
	}
	return []Domain{wc, ws}, nil
}

func newWebcore(env domainEnv) (Domain, error) {
	st, err := env.openStore("webcore")
	if err != nil {
		return nil, err
	}
	return webcore.New(webcore.Options{
		Store:           st,
		AdminLogin:      env.creds.AdminLogin,
		AdminPassword:   env.creds.AdminPassword,
		AdminEmail:      env.creds.AdminEmail,
		AdminAPIKey:     env.creds.AdminAPIKey,
		TxDuration:      env.cfg.TxDuration,
		ActionDurations: env.cfg.ActionDurations,
		Logger:          env.logger,
		PasswordCost:    env.cfg.PasswordCost,
	})
}

func newWebscale(env domainEnv) (Domain, error) {
	st, err := env.openStore("webscale")
	if err != nil {
		return nil, err
	}
	return webscale.New(webscale.Options{Store: st, BootstrapToken: env.creds.WebscaleToken, Logger: env.logger})
}

func mustParseURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
