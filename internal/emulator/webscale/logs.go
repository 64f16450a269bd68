package webscale

import (
	"crypto/rand"
	"net/http"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/httpjson"
	"github.com/webcore/terraform-provider-webcore/internal/emulator/store"
)

// downloadLifetime is how long a logs download link works (emulator choice); afterwards 410.
const downloadLifetime = 15 * time.Minute

// timeLayouts are the ISO 8601 forms accepted for start_time/end_time; the ones
// without an offset are read as UTC.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02",
}

func parseWindowTime(s string) (time.Time, bool) {
	for _, layout := range timeLayouts {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

type logsResponse struct {
	DownloadURL string `json:"download_url"`
}

// requestLogs answers GET /v2/app/{app_id}/logs with a download link for the window
// [start_time, end_time); end_time defaults to now and is capped at now.
func (a *API) requestLogs(w http.ResponseWriter, r *http.Request) {
	app, ok := a.visibleApp(r.PathValue("app_id"), caller(r).Account)
	if !ok {
		WriteError(w, http.StatusNotFound, "application not found")
		return
	}
	q := r.URL.Query()
	if !q.Has("start_time") {
		WriteError(w, http.StatusBadRequest, "start_time is required")
		return
	}
	start, ok := parseWindowTime(q.Get("start_time"))
	if !ok {
		WriteError(w, http.StatusBadRequest, "start_time must be an ISO 8601 timestamp such as 2015-07-31T00:00:00")
		return
	}
	now := a.clock.now().UTC()
	end := now
	if q.Has("end_time") {
		if end, ok = parseWindowTime(q.Get("end_time")); !ok {
			WriteError(w, http.StatusBadRequest, "end_time must be an ISO 8601 timestamp such as 2015-08-01T00:00:00")
			return
		}
		if start.After(end) {
			WriteError(w, http.StatusBadRequest, "start_time must not be after end_time")
			return
		}
	}
	if end.After(now) {
		end = now // no logs from the future; fixing the end now keeps the download stable
	}
	token := rand.Text() + rand.Text()
	d := &DownloadRecord{TokenSHA256: hexDigest(token), AppID: app.Name, Start: start, End: end, ExpiresAt: now.Add(downloadLifetime)}
	a.mu.Lock()
	var purged []digest
	err := a.store.Update(func(tx store.Tx) error {
		var err error
		if purged, err = a.purgeDownloads(tx, now); err != nil {
			return err
		}
		return store.PutJSON(tx, bucketDownloads, d.TokenSHA256, d)
	})
	if err == nil {
		for _, dg := range purged {
			delete(a.downloads, dg)
		}
		a.downloads[digestOf(token)] = d
	}
	a.mu.Unlock()
	if err != nil {
		a.logger.Error("webscale: store download link", "error", err)
		WriteError(w, http.StatusInternalServerError, "creating the download link failed")
		return
	}
	httpjson.Write(w, http.StatusOK, logsResponse{DownloadURL: "https://" + r.Host + "/download/" + token})
}

// purgeAfter is how long an expired download record is kept, so that its
// link still answers 410 (expired) rather than 404 for a while; then it is
// deleted, so that records cannot pile up in a long-running emulator.
const purgeAfter = time.Hour

// purgeDownloads deletes, in tx, the download records expired for more than
// purgeAfter at now, and returns their digests for the caller to drop from
// a.downloads once tx commits. a.mu must be held.
func (a *API) purgeDownloads(tx store.Tx, now time.Time) ([]digest, error) {
	var purged []digest
	for dg, d := range a.downloads {
		if now.Sub(d.ExpiresAt) > purgeAfter {
			if err := tx.Delete(bucketDownloads, d.TokenSHA256); err != nil {
				return nil, err
			}
			purged = append(purged, dg)
		}
	}
	return purged, nil
}

// download serves the NDJSON logs behind a download link.
func (a *API) download(w http.ResponseWriter, r *http.Request) {
	a.mu.RLock()
	d := a.downloads[digestOf(r.PathValue("token"))]
	a.mu.RUnlock()
	if d == nil {
		WriteError(w, http.StatusNotFound, "download not found")
		return
	}
	if !a.clock.now().Before(d.ExpiresAt) {
		WriteError(w, http.StatusGone, "this download link has expired; request a new one")
		return
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.WriteHeader(http.StatusOK)
	if err := writeLogLines(w, d.AppID, d.Start, d.End); err != nil {
		a.logger.Debug("webscale: download interrupted", "error", err)
	}
}
