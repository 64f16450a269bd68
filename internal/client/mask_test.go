package client

import (
	"encoding/json"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

func TestMaskURL(t *testing.T) {
	u, _ := url.Parse("https://user:pw@api.example.com/v2/app/x/logs?start_time=2015&authorization=tok123&Token=abc")
	got := maskURL(u, false)
	want := "https://api.example.com/v2/app/x/logs?start_time=2015&authorization=***&Token=***"
	if got != want {
		t.Fatalf("maskURL = %q, want %q", got, want)
	}
	d, _ := url.Parse("https://api.example.com/download/xON7989HUOY800slnay2a90")
	if got := maskURL(d, true); got != "https://api.example.com/download/***" {
		t.Fatalf("redacted path = %q", got)
	}
	if got := maskPath(d, true); got != "/download/***" {
		t.Fatalf("maskPath = %q", got)
	}
	// A capability URL, such as the pre-signed URL a download redirects to,
	// may carry its secret in any parameter: every value is masked.
	p, _ := url.Parse("https://bucket.example.com/logs/obj?X-Amz-Signature=s1&X-Amz-Credential=c2&expires=3")
	if got := maskURL(p, true); got != "https://bucket.example.com/logs/***?X-Amz-Signature=***&X-Amz-Credential=***&expires=***" {
		t.Fatalf("pre-signed URL = %q", got)
	}
	// Outside capability URLs, signatures are masked by name, in any case.
	q, _ := url.Parse("https://x.example.com/a?x-amz-signature=s1&SIG=s2&PASSWORD=p3&api_key=k4&keep=1")
	if got := maskURL(q, false); got != "https://x.example.com/a?x-amz-signature=***&SIG=***&PASSWORD=***&api_key=***&keep=1" {
		t.Fatalf("maskURL = %q", got)
	}
}

func TestMaskJSONBody(t *testing.T) {
	got := maskJSONBody([]byte(`{"user": {"login": "bob", "password": "p"}, "keys": [{"secret_key": "s", "api_key": "k"}], "download_url": "https://x/download/t", "expiry": null}`))
	for _, leaked := range []string{`"p"`, `"s"`, `"k"`, "download/t"} {
		if strings.Contains(got, leaked) {
			t.Errorf("%s leaked in %s", leaked, got)
		}
	}
	if !strings.Contains(got, `"login":"bob"`) || !strings.Contains(got, `"password":"***"`) {
		t.Errorf("unexpected %s", got)
	}
	if got := maskJSONBody([]byte("<html>password=x</html>")); strings.Contains(got, "password") {
		t.Errorf("non-JSON body echoed: %s", got)
	}
}

func TestRedactor(t *testing.T) {
	r := newRedactor("s3cr3t/+", "ab")
	if got := r.apply("a s3cr3t/+ b s3cr3t%2F%2B ab"); got != "a *** b *** ab" {
		t.Fatalf("apply = %q", got)
	}
}

// Every query parameter that carries a credential or a signature is masked,
// however it is spelled (case, percent-encoding), in the URL logs show and
// in the path errors quote; any other parameter is kept. The list is the
// promise, written out here rather than read from the code.
func TestMaskEverySecretQueryParameter(t *testing.T) {
	for _, name := range []string{
		"authorization", "access_token", "token", "api_key", "password",
		"signature", "sig", "X-Amz-Signature", "X-Amz-Credential", "X-Amz-Security-Token",
		"X-Goog-Signature", "X-Goog-Credential",
	} {
		for _, spelled := range []string{name, strings.ToUpper(name), strings.ToLower(name)} {
			u, err := url.Parse("https://api.example.com/v2/x?keep=1&" + spelled + "=s3cret&tokens=2")
			if err != nil {
				t.Fatal(err)
			}
			want := "/v2/x?keep=1&" + spelled + "=***&tokens=2"
			if got := maskURL(u, false); got != "https://api.example.com"+want {
				t.Errorf("maskURL with %s = %q", spelled, got)
			}
			if got := maskPath(u, false); got != want {
				t.Errorf("maskPath with %s = %q", spelled, got)
			}
		}
	}
	// A percent-encoded name is the same parameter to the server; a name
	// that does not decode is compared as it is.
	u, _ := url.Parse("https://api.example.com/x?pass%77ord=p1&to%zzken=p2&%74oken=p3")
	if got := maskURL(u, false); got != "https://api.example.com/x?pass%77ord=***&to%zzken=p2&%74oken=***" {
		t.Errorf("encoded names: %q", got)
	}
	bare, _ := url.Parse("https://api.example.com/x?token&keep")
	if got := maskURL(bare, false); got != "https://api.example.com/x?***&keep" {
		t.Errorf("a secret parameter without a value: %q", got)
	}
	if got := maskPath(&url.URL{Path: "/x"}, false); got != "/x" {
		t.Errorf("no query: %q", got)
	}
	if maskURL(nil, false) != "" || maskPath(nil, true) != "" {
		t.Error("a nil URL renders as something")
	}
}

// A capability URL's secret is its last path segment, wherever the path
// ends, and every query value; a parameter without a value is masked
// whole, since its name may be the secret.
func TestMaskCapabilityPath(t *testing.T) {
	for path, want := range map[string]string{
		"/download/t0k3n":   "/download/***",
		"/t0k3n":            "/***",
		"/download/t0k3n/":  "/download/***",
		"/a/b/download/tok": "/a/b/download/***",
	} {
		u := &url.URL{Scheme: "https", Host: "h.example.com", Path: path, RawQuery: "x=1&s3cr3t"}
		if got := maskPath(u, true); got != want+"?x=***&***" {
			t.Errorf("maskPath(%s) = %q, want %q", path, got, want+"?x=***&***")
		}
		if got := maskURL(u, true); got != "https://h.example.com"+want+"?x=***&***" {
			t.Errorf("maskURL(%s) = %q", path, got)
		}
	}
	if got := maskLastSegment("t0k3n"); got != "***" {
		t.Errorf("a bare segment: %q", got)
	}
}

// Every body field that carries a credential or a capability is masked, at
// any depth and in any case, when a body is logged; a null stays null (no
// secret to hide) and every other field is kept.
func TestMaskEverySecretBodyField(t *testing.T) {
	for _, field := range []string{
		"password", "initial_root_password", "api_key", "secret_key", "access_token", "token", "authorization", "download_url",
	} {
		for _, spelled := range []string{field, strings.ToUpper(field)} {
			body := `{"outer": {"` + spelled + `": "s3cret", "keep": "k"}, "list": [{"` + spelled + `": 42}], "` + spelled + `": null}`
			got := maskJSONBody([]byte(body))
			want := `{"outer": {"` + spelled + `": "***", "keep": "k"}, "list": [{"` + spelled + `": "***"}], "` + spelled + `": null}`
			if !sameJSON(t, got, want) {
				t.Errorf("%s:\n got %s\nwant %s", spelled, got, want)
			}
		}
	}
	if got := maskJSONBody(nil); got != "" {
		t.Errorf("no body: %q", got)
	}
	if got := maskJSONBody([]byte(`["passwords", {"password_wo_version": 2}]`)); got != `["passwords",{"password_wo_version":2}]` {
		t.Errorf("lookalikes masked: %s", got)
	}
}

// A logged body is cut at maxLoggedBody bytes, and not one byte earlier.
func TestMaskJSONBodyTruncatesLongBodies(t *testing.T) {
	filler := func(n int) []byte { return []byte(`{"a":"` + strings.Repeat("x", n) + `"}`) } // n + 8 bytes
	if got := maskJSONBody(filler(maxLoggedBody - 8)); len(got) != maxLoggedBody || strings.HasSuffix(got, "(truncated)") {
		t.Errorf("a body of exactly %d bytes: %d bytes, %q…", maxLoggedBody, len(got), got[len(got)-20:])
	}
	got := maskJSONBody(filler(maxLoggedBody - 7))
	if want := string(filler(maxLoggedBody - 7)[:maxLoggedBody]) + "…(truncated)"; got != want {
		t.Errorf("a body one byte over: %d bytes, ending %q", len(got), got[len(got)-20:])
	}
}

// The redactor hides a secret of 4 characters or more, raw or
// query-escaped; shorter ones would mask ordinary words.
func TestRedactorLengthThreshold(t *testing.T) {
	r := newRedactor("abcd", "xyz", "")
	if got := r.apply("abcd xyz"); got != "*** xyz" {
		t.Fatalf("apply = %q", got)
	}
}

// sameJSON reports whether two JSON texts hold the same value.
func sameJSON(t *testing.T, a, b string) bool {
	t.Helper()
	var va, vb any
	if err := json.Unmarshal([]byte(a), &va); err != nil {
		t.Fatalf("%s: %v", a, err)
	}
	if err := json.Unmarshal([]byte(b), &vb); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return reflect.DeepEqual(va, vb)
}

// TestMaskURLOfUserInput: a URL a user gave is quoted in a message with its
// user info and secret query values masked, and nothing of a text that is not
// a URL.
func TestMaskURLOfUserInput(t *testing.T) {
	for raw, want := range map[string]string{
		"https://admin:hunter22@cloud.example.com/x?token=t0k&page=2#frag": "https://cloud.example.com/x?token=***&page=2",
		"http://cloud.example.com":         "http://cloud.example.com",
		"admin:hunter22@cloud.example.com": "admin:***",
		"https://cloud example.com/\x7f":   "(not a URL)",
	} {
		got := MaskURL(raw)
		if got != want {
			t.Errorf("MaskURL(%q) = %q, want %q", raw, got, want)
		}
		for _, secret := range []string{"hunter22", "t0k"} {
			if strings.Contains(got, secret) {
				t.Errorf("MaskURL(%q) keeps %s", raw, secret)
			}
		}
	}
}
