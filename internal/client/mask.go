package client

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
)

// maskedValue replaces every secret in logs and error text.
const maskedValue = "***"

// secretQueryParams are query parameters whose values are credentials, or
// the signature parts of a pre-signed URL a download may be redirected to.
var secretQueryParams = []string{
	"authorization", "access_token", "token", "api_key", "password",
	"signature", "sig", "x-amz-signature", "x-amz-credential", "x-amz-security-token",
	"x-goog-signature", "x-goog-credential",
}

// secretJSONKeys are body fields whose values are credentials or
// capabilities (a log download URL lets anyone fetch the logs).
var secretJSONKeys = map[string]bool{
	"password":              true,
	"initial_root_password": true,
	"api_key":               true,
	"secret_key":            true,
	"access_token":          true,
	"token":                 true,
	"authorization":         true,
	"download_url":          true,
}

// maskURL renders u for logs and errors: user info dropped, secret query
// values masked and, when redactPath is set (capability URLs such as log
// downloads), the last path segment masked.
func maskURL(u *url.URL, redactPath bool) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	c.RawQuery = maskQuery(c.RawQuery)
	if redactPath {
		// Built by hand: url.URL.String would percent-encode the mask.
		c.Path, c.RawPath = "", ""
		c.RawQuery, c.Fragment = "", ""
		masked := c.String() + maskLastSegment(u.EscapedPath())
		if q := maskAllQuery(u.RawQuery); q != "" {
			masked += "?" + q
		}
		return masked
	}
	return c.String()
}

// MaskURL renders a URL a user gave for a message: user info dropped and
// secret query values masked, as every log line and error of the client
// does. Text that is not a URL is not quoted at all: it may be a secret
// pasted in the wrong place.
func MaskURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "(not a URL)"
	}
	u.User = nil
	if u.Opaque != "" { // "user:pw@host" parses as scheme "user", opaque "pw@host"
		u.Opaque = maskedValue
	}
	u.RawQuery, u.Fragment, u.RawFragment = maskQuery(u.RawQuery), "", ""
	return u.String()
}

// maskPath renders only the path (and masked query) of u, the form used in
// error messages.
func maskPath(u *url.URL, redactPath bool) string {
	if u == nil {
		return ""
	}
	p, q := u.EscapedPath(), maskQuery(u.RawQuery)
	if redactPath {
		p, q = maskLastSegment(p), maskAllQuery(u.RawQuery)
	}
	if q != "" {
		p += "?" + q
	}
	return p
}

func maskLastSegment(p string) string {
	i := strings.LastIndex(strings.TrimSuffix(p, "/"), "/")
	if i < 0 {
		return maskedValue
	}
	return p[:i+1] + maskedValue
}

// maskQuery masks secret parameter values while keeping parameter order, so
// logs stay comparable with what was sent.
func maskQuery(rawQuery string) string { return maskQueryValues(rawQuery, isSecretQueryParam) }

// maskAllQuery masks every query value: a capability URL (a log download,
// or the pre-signed URL it redirects to) may carry its secret in any of
// them.
func maskAllQuery(rawQuery string) string {
	return maskQueryValues(rawQuery, func(string) bool { return true })
}

// maskQueryValues masks the values of the parameters secret says are. A
// parameter without a value is masked whole: in a capability URL the name
// may be the secret.
func maskQueryValues(rawQuery string, secret func(name string) bool) string {
	if rawQuery == "" {
		return ""
	}
	parts := strings.Split(rawQuery, "&")
	for i, part := range parts {
		key, _, hasValue := strings.Cut(part, "=")
		name, err := url.QueryUnescape(key)
		if err != nil {
			name = key
		}
		switch {
		case !secret(name):
		case hasValue:
			parts[i] = key + "=" + maskedValue
		default:
			parts[i] = maskedValue
		}
	}
	return strings.Join(parts, "&")
}

// isSecretQueryParam reports whether a query parameter carries a secret.
func isSecretQueryParam(name string) bool {
	for _, secret := range secretQueryParams {
		if strings.EqualFold(name, secret) {
			return true
		}
	}
	return false
}

// maskJSONBody returns body with every secret field's value masked, for
// logging. A body that is not JSON is summarised, never echoed, since its
// content is unknown.
func maskJSONBody(body []byte) string {
	if len(body) == 0 {
		return ""
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return "(non-JSON body, " + strconv.Itoa(len(body)) + " bytes)"
	}
	out, err := json.Marshal(maskValue(v))
	if err != nil {
		return "(unprintable body)"
	}
	if len(out) > maxLoggedBody {
		return string(out[:maxLoggedBody]) + "…(truncated)"
	}
	return string(out)
}

// maxLoggedBody keeps debug lines readable when lists get long.
const maxLoggedBody = 4096

func maskValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, inner := range t {
			if secretJSONKeys[strings.ToLower(k)] && inner != nil {
				t[k] = maskedValue
				continue
			}
			t[k] = maskValue(inner)
		}
		return t
	case []any:
		for i, inner := range t {
			t[i] = maskValue(inner)
		}
		return t
	default:
		return v
	}
}

// redactor removes known secret strings (the client's own credentials) from
// any text, as a last line of defence should a server echo them back.
type redactor []string

// newRedactor keeps the non-trivial secrets; very short strings would mask
// ordinary words.
func newRedactor(secrets ...string) redactor {
	var r redactor
	for _, s := range secrets {
		if len(s) >= 4 {
			r = append(r, s, url.QueryEscape(s))
		}
	}
	return r
}

func (r redactor) apply(text string) string {
	for _, s := range r {
		text = strings.ReplaceAll(text, s, maskedValue)
	}
	return text
}
