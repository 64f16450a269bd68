package emulator

import (
	"net/url"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/webcore"
	"github.com/webcore/terraform-provider-webcore/internal/emulator/webscale"
)

// domains are the two vendor APIs, each with its own store (so one domain's
// Reset, which clears its store, never touches the other's data).
type domains struct {
	webcore  *webcore.API
	webscale *webscale.API
}

func newDomains(env domainEnv) (domains, error) {
	wc, err := newWebcore(env)
	if err != nil {
		return domains{}, err
	}
	ws, err := newWebscale(env)
	if err != nil {
		_ = wc.Close() // stop its transaction engine before giving up
		return domains{}, err
	}
	return domains{webcore: wc, webscale: ws}, nil
}

// all lists the domains that were built, for what every domain does alike.
func (d domains) all() []Domain {
	var out []Domain
	if d.webcore != nil {
		out = append(out, d.webcore)
	}
	if d.webscale != nil {
		out = append(out, d.webscale)
	}
	return out
}

func (d domains) state() State {
	return State{Webcore: d.webcore.State(), Webscale: d.webscale.State()}
}

func newWebcore(env domainEnv) (*webcore.API, error) {
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
		Seed:            seedPart(env.seed, func(f *SeedFile) *webcore.Seed { return &f.Webcore }),
	})
}

func newWebscale(env domainEnv) (*webscale.API, error) {
	st, err := env.openStore("webscale")
	if err != nil {
		return nil, err
	}
	return webscale.New(webscale.Options{Store: st, BootstrapToken: env.creds.WebscaleToken, Logger: env.logger,
		Seed: seedPart(env.seed, func(f *SeedFile) *webscale.Seed { return &f.Webscale })})
}

// seedPart is one domain's part of the seed file, or nil without one.
func seedPart[T any](f *SeedFile, part func(*SeedFile) *T) *T {
	if f == nil {
		return nil
	}
	return part(f)
}

func mustParseURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
