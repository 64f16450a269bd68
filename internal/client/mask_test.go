package client

import (
	"net/url"
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
