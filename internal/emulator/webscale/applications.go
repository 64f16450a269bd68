package webscale

import (
	"net/http"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/httpjson"
)

func (a *API) listApplications(w http.ResponseWriter, r *http.Request) {
	account := caller(r).Account
	out := []Application{}
	a.mu.RLock()
	for _, app := range a.apps {
		if app.Account == account {
			out = append(out, app)
		}
	}
	a.mu.RUnlock()
	httpjson.Write(w, http.StatusOK, out)
}

func (a *API) showApplication(w http.ResponseWriter, r *http.Request) {
	app, ok := a.visibleApp(r.PathValue("app_id"), caller(r).Account)
	if !ok {
		WriteError(w, http.StatusNotFound, "application not found")
		return
	}
	httpjson.Write(w, http.StatusOK, app)
}
