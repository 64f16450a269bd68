package emulator

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestLogsNeverContainSecrets drives every kind of secret through the server and
// then searches the captured slog output for each of them.
func TestLogsNeverContainSecrets(t *testing.T) {
	h := startTest(t, Config{AdminPassword: "admin-password-xyz", AdminAPIKey: strings.Repeat("c0", 20)})
	secrets := map[string]string{
		"webscale token": h.info.WebscaleToken,
		"admin password": h.info.WebcorePassword,
		"admin api key":  h.info.WebcoreAPIKey,
	}
	secrets["created key"] = h.createKey()
	h.send(http.MethodGet, h.info.WebscaleURL+"/applications?authorization="+secrets["created key"], "", "")
	h.send(http.MethodGet, h.info.WebscaleURL+"/applications?authorization="+h.info.WebscaleToken, "Bearer "+h.info.WebscaleToken, "")
	h.send(http.MethodGet, h.info.WebcoreURL+"/users/1.json", "Basic "+basic(h.info.WebcoreEmail, h.info.WebcoreAPIKey), "")
	h.send(http.MethodGet, h.info.WebcoreURL+"/users/1.json", "Basic "+basic(h.info.WebcoreLogin, h.info.WebcorePassword), "")
	_, body := h.send(http.MethodGet, h.info.WebscaleURL+"/app/example-app/logs?start_time=2026-01-01T00:00:00&authorization="+h.info.WebscaleToken, "", "")
	var link struct {
		DownloadURL string `json:"download_url"`
	}
	if err := json.Unmarshal([]byte(body), &link); err != nil {
		t.Fatal(err)
	}
	if status, _ := h.send(http.MethodGet, link.DownloadURL, "", ""); status != 200 {
		t.Fatalf("download: %d", status)
	}
	secrets["download token"] = link.DownloadURL[strings.LastIndex(link.DownloadURL, "/")+1:]
	// Unclean spellings of the download path reach the log before the mux redirects them.
	for _, p := range []string{"//download/", "/./download/", "/v2/../download/"} {
		if status, _ := h.send(http.MethodGet, h.info.WebcoreURL+p+secrets["download token"], "", ""); status == 0 {
			t.Fatalf("GET %s: no answer", p)
		}
	}
	// A token after a ";" is not accepted by Go's query parser, but it is still a secret in the URL.
	h.send(http.MethodGet, h.info.WebscaleURL+"/applications?x=1;authorization="+secrets["created key"], "", "")
	// A client that puts other credentials in the query string (wrongly) must not get them logged either.
	secrets["password in query"] = "query-password-123"
	secrets["api key in query"] = "query-api-key-456"
	secrets["access token in query"] = "query-access-token-789"
	secrets["token in query"] = "query-token-abc"
	h.send(http.MethodGet, h.info.WebcoreURL+"/users/1.json?Password="+secrets["password in query"]+
		"&API_KEY="+secrets["api key in query"]+"&access_token="+secrets["access token in query"]+
		";Token="+secrets["token in query"], "", "")

	logs := h.logs.String()
	if strings.Count(logs, `"msg":"request"`) < 8 {
		t.Fatalf("expected one log line per request, got:\n%s", logs)
	}
	for name, secret := range secrets {
		if secret == "" || strings.Contains(logs, secret) {
			t.Errorf("%s appears in the log (or is empty)", name)
		}
	}
	if !strings.Contains(logs, `authorization=***`) || !strings.Contains(logs, `"/download/***"`) {
		t.Fatalf("masked values missing from the log:\n%s", logs)
	}
	// The request log of the control API is masked the same way.
	reqs, err := h.srv.Control().Requests()
	if err != nil {
		t.Fatal(err)
	}
	dump, _ := json.Marshal(reqs)
	for name, secret := range secrets {
		if strings.Contains(string(dump), secret) {
			t.Errorf("%s appears in the control request log", name)
		}
	}
}

func basic(user, pass string) string {
	req, _ := http.NewRequest(http.MethodGet, "/", nil)
	req.SetBasicAuth(user, pass)
	return strings.TrimPrefix(req.Header.Get("Authorization"), "Basic ")
}
