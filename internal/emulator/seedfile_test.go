package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

const exampleSeed = "testdata/seed-example.json"

// The seeded credentials of testdata/seed-example.json.
const (
	seededLogin    = "ci-bot"
	seededPassword = "ci-bot-password"
	seededEmail    = "ci-bot@example.com"
	seededAPIKey   = "0123456789abcdef0123456789abcdef01234567"
	seededToken    = "ci-token-0123456789abcdef"
	expiredToken   = "expired-token-0123456789"
)

// webcore sends a Webcore request with Basic credentials and returns status and body.
func (h *harness) webcore(method, path, user, pass, body string) (int, string) {
	h.t.Helper()
	return h.send(method, h.info.WebcoreURL+path, "Basic "+basic(user, pass), body)
}

func (h *harness) admin(method, path, body string) (int, string) {
	h.t.Helper()
	return h.webcore(method, path, h.info.WebcoreLogin, h.info.WebcorePassword, body)
}

// ids lists the value of one field of every wrapped object in a Webcore list.
func ids[T any](t *testing.T, body, root, field string) []T {
	t.Helper()
	var list []map[string]map[string]any
	if err := json.Unmarshal([]byte(body), &list); err != nil {
		t.Fatalf("list %s: %v", body, err)
	}
	var out []T
	for _, item := range list {
		raw, _ := json.Marshal(item[root][field])
		var v T
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

func appNames(t *testing.T, body string) []string {
	t.Helper()
	var apps []struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal([]byte(body), &apps); err != nil {
		t.Fatalf("applications %s: %v", body, err)
	}
	var out []string
	for _, a := range apps {
		out = append(out, a.Name)
	}
	return out
}

func TestSeedFileAddsToTheDefaults(t *testing.T) {
	h := startTest(t, Config{SeedFile: exampleSeed})
	if h.srv.SeedSkipped() {
		t.Fatal("a memory-only world is always fresh")
	}

	_, body := h.admin(http.MethodGet, "/templates.json", "")
	if got := fmt.Sprint(ids[int](t, body, "image_template", "id")); got != "[1 2 3 4 42]" {
		t.Fatalf("template ids = %s", got)
	}
	if !strings.Contains(body, `"label":"Rocky Linux 9 x64"`) || !strings.Contains(body, `"min_memory_size":512`) {
		t.Fatalf("seeded template as listed: %s", body)
	}
	_, body = h.admin(http.MethodGet, "/hypervisors.json", "")
	if got := fmt.Sprint(ids[int](t, body, "hypervisor", "id")); got != "[1 2 7]" {
		t.Fatalf("hypervisor ids = %s", got)
	}
	_, body = h.admin(http.MethodGet, "/roles.json", "")
	if got := fmt.Sprint(ids[string](t, body, "role", "label")); got != "[Administrator User Support]" {
		t.Fatalf("roles = %s", got)
	}
	_, body = h.admin(http.MethodGet, "/hypervisor_zones.json", "")
	if got := fmt.Sprint(ids[string](t, body, "hypervisor_group", "label")); got != "[Amsterdam Frankfurt Edge]" {
		t.Fatalf("hypervisor zones = %s", got)
	}
	if _, body := h.send(http.MethodGet, h.info.ControlURL+"/webcore/limits", "", ""); !strings.Contains(body, `"max_virtual_servers":20`) {
		t.Fatalf("limits = %s", body)
	}

	// The seeded user logs in with the password and with email:api_key, and sees only itself.
	for _, cred := range [][2]string{{seededLogin, seededPassword}, {seededEmail, seededAPIKey}} {
		status, body := h.webcore(http.MethodGet, "/users.json", cred[0], cred[1], "")
		if status != 200 || fmt.Sprint(ids[string](t, body, "user", "login")) != "[ci-bot]" {
			t.Fatalf("as %s: %d %s", cred[0], status, body)
		}
		if !strings.Contains(body, `"time_zone":"Europe/Amsterdam"`) || !strings.Contains(body, `"role_ids":[2]`) {
			t.Fatalf("seeded user's optional fields: %s", body)
		}
	}
	if status, _ := h.webcore(http.MethodGet, "/users.json", seededLogin, "wrong-password", ""); status != 401 {
		t.Fatalf("wrong password: %d", status)
	}

	// A seeded template builds a server on the seeded limits.
	status, body := h.webcore(http.MethodPost, "/virtual_machines.json", seededLogin, seededPassword,
		`{"virtual_machine":{"label":"rocky","hostname":"rocky","template_id":42,"memory":512,"cpus":1,"cpu_shares":10,"primary_disk_size":10,"hypervisor_id":7}}`)
	if status != 201 {
		t.Fatalf("create from template 42: %d %s", status, body)
	}
	var vm struct {
		VM struct {
			ID              int    `json:"id"`
			TemplateLabel   string `json:"template_label"`
			OperatingSystem string `json:"operating_system"`
			HypervisorID    int    `json:"hypervisor_id"`
			Built           bool   `json:"built"`
		} `json:"virtual_machine"`
	}
	_ = json.Unmarshal([]byte(body), &vm)
	if vm.VM.TemplateLabel != "Rocky Linux 9 x64" || vm.VM.OperatingSystem != "linux" || vm.VM.HypervisorID != 7 {
		t.Fatalf("server = %s", body)
	}
	waitBuilt(t, h, vm.VM.ID, seededLogin, seededPassword)
	if status, body := h.webcore(http.MethodPost, "/virtual_machines.json", seededLogin, seededPassword,
		`{"label":"small","hostname":"small","template_id":42,"memory":256,"cpus":1,"cpu_shares":10,"primary_disk_size":10}`); status != 422 ||
		!strings.Contains(body, "greater than or equal to 512") {
		t.Fatalf("the seeded template's min_memory_size: %d %s", status, body)
	}

	// Webscale: the seeded app next to the defaults; seeded secrets are tokens; an expired one is refused.
	status, body = h.send(http.MethodGet, h.info.WebscaleURL+"/applications", "Bearer "+seededToken, "")
	if status != 200 || fmt.Sprint(appNames(t, body)) != "[example-app shop-app my-app]" {
		t.Fatalf("applications with the seeded token: %d %s", status, body)
	}
	if status, body := h.send(http.MethodGet, h.info.WebscaleURL+"/app/my-app/logs?start_time=2026-01-01T00:00:00&authorization="+seededToken, "", ""); status != 200 ||
		!strings.Contains(body, "download_url") {
		t.Fatalf("logs of the seeded app: %d %s", status, body)
	}
	if status, _ := h.send(http.MethodGet, h.info.WebscaleURL+"/applications", "Bearer "+expiredToken, ""); status != 401 {
		t.Fatalf("expired seeded key: %d", status)
	}
	_, body = h.webscale(http.MethodGet, "/users/self/access-keys", "")
	for _, want := range []string{`"href":"/v2/users/100/access-keys/2"`, `"expiry":"2020-01-01T00:00:00Z"`} {
		if !strings.Contains(body, want) {
			t.Fatalf("access keys lack %s: %s", want, body)
		}
	}
	if _, body := h.webscale(http.MethodPost, "/users/self/access-keys", "{}"); !strings.Contains(body, "/access-keys/4") {
		t.Fatalf("key ids continue after the seeded ones: %s", body)
	}
}

func waitBuilt(t *testing.T, h *harness, id int, user, pass string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		_, body := h.webcore(http.MethodGet, fmt.Sprintf("/virtual_machines/%d.json", id), user, pass, "")
		if strings.Contains(body, `"built":true`) && strings.Contains(body, `"locked":false`) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("server %d was not built in time", id)
}

func writeSeed(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSeedFileReplacesTheDefaults(t *testing.T) {
	h := startTest(t, Config{SeedFile: writeSeed(t, `{
  "replace_defaults": true,
  "webcore": {
    "templates": [{"id": 1, "label": "Only Linux", "operating_system": "linux"}],
    "hypervisors": [{"id": 1, "label": "only-hv", "hypervisor_group_id": 1}],
    "limits": {"max_cpus": 2}
  },
  "webscale": {"applications": [{"id": "example-app", "aliases": []}]}
}`)})
	_, body := h.admin(http.MethodGet, "/templates.json", "")
	if got := fmt.Sprint(ids[string](t, body, "image_template", "label")); got != "[Only Linux]" {
		t.Fatalf("templates = %s", got)
	}
	_, body = h.admin(http.MethodGet, "/hypervisors.json", "")
	if got := fmt.Sprint(ids[string](t, body, "hypervisor", "label")); got != "[only-hv]" || !strings.Contains(body, `"online":true`) {
		t.Fatalf("hypervisors = %s", body)
	}
	// Absent limit fields keep the defaults.
	if _, body := h.send(http.MethodGet, h.info.ControlURL+"/webcore/limits", "", ""); body != `{"max_virtual_servers":10,"max_memory":32768,"max_cpus":2}`+"\n" {
		t.Fatalf("limits = %s", body)
	}
	if status, body := h.admin(http.MethodPost, "/virtual_machines.json",
		`{"label":"a","hostname":"a","template_id":2,"memory":1024,"cpus":1,"cpu_shares":10,"primary_disk_size":20}`); status != 422 ||
		!strings.Contains(body, `"template_id":["does not exist"]`) {
		t.Fatalf("a dropped default template: %d %s", status, body)
	}
	_, body = h.webscale(http.MethodGet, "/applications", "")
	if got := fmt.Sprint(appNames(t, body)); got != "[example-app]" {
		t.Fatalf("applications = %s", got)
	}
	// The admin and the bootstrap key stay: they are the ready file's credentials.
	if status, _ := h.admin(http.MethodGet, "/users/1.json", ""); status != 200 {
		t.Fatalf("admin: %d", status)
	}
}

func TestResetAppliesTheSeedFileAgain(t *testing.T) {
	h := startTest(t, Config{SeedFile: exampleSeed})
	if status, body := h.admin(http.MethodPost, "/users.json", `{"login":"other","email":"other@example.com","password":"secret-pw"}`); status != 201 {
		t.Fatalf("create user: %d %s", status, body)
	}
	if err := h.srv.Control().Reset(); err != nil {
		t.Fatal(err)
	}
	_, body := h.admin(http.MethodGet, "/users.json", "")
	if got := fmt.Sprint(ids[string](t, body, "user", "login")); got != "[admin ci-bot]" {
		t.Fatalf("users after reset = %s", got)
	}
	if status, _ := h.webcore(http.MethodGet, "/templates.json", seededLogin, seededPassword, ""); status != 200 {
		t.Fatalf("seeded user after reset: %d", status)
	}
	if status, _ := h.send(http.MethodGet, h.info.WebscaleURL+"/applications/my-app", "Bearer "+seededToken, ""); status != 200 {
		t.Fatalf("seeded key and app after reset: %d", status)
	}
}

func TestSeedFileAppliesOnlyToAFreshDataDir(t *testing.T) {
	dir := t.TempDir()
	first := startTest(t, Config{DataDir: dir, SeedFile: exampleSeed})
	if first.srv.SeedSkipped() {
		t.Fatal("an empty data dir is a fresh world")
	}
	if err := first.srv.Close(); err != nil {
		t.Fatal(err)
	}
	// Without the seed file the stored world keeps what was seeded…
	second := startTest(t, Config{DataDir: dir})
	_, body := second.admin(http.MethodGet, "/templates.json", "")
	if got := fmt.Sprint(ids[int](t, body, "image_template", "id")); got != "[1 2 3 4 42]" {
		t.Fatalf("templates after a restart = %s", got)
	}
	if status, _ := second.send(http.MethodGet, second.info.WebscaleURL+"/applications/my-app", "Bearer "+seededToken, ""); status != 200 {
		t.Fatalf("seeded key and app after a restart: %d", status)
	}
	if err := second.srv.Close(); err != nil {
		t.Fatal(err)
	}
	// …and another seed file is checked, but changes nothing until a reset.
	other := writeSeed(t, `{"replace_defaults": true, "webcore": {"templates": [{"id": 9, "label": "Nine", "operating_system": "freebsd"}]}}`)
	third := startTest(t, Config{DataDir: dir, SeedFile: other})
	if !third.srv.SeedSkipped() {
		t.Fatal("a stored world must not be seeded")
	}
	_, body = third.admin(http.MethodGet, "/templates.json", "")
	if got := fmt.Sprint(ids[int](t, body, "image_template", "id")); got != "[1 2 3 4 42]" {
		t.Fatalf("templates with a new seed file on a stored world = %s", got)
	}
	if err := third.srv.Control().Reset(); err != nil {
		t.Fatal(err)
	}
	_, body = third.admin(http.MethodGet, "/templates.json", "")
	if got := fmt.Sprint(ids[int](t, body, "image_template", "id")); got != "[9]" {
		t.Fatalf("templates after reset = %s", got)
	}
}

// TestBadSeedFilesStopTheStart: every kind of mistake names the file, the line
// and the field.
func TestBadSeedFilesStopTheStart(t *testing.T) {
	user := func(fields string) string {
		return `{"webcore": {"users": [
  {"login": "first", "email": "first@example.com", "password": "secret-pw"},
  {` + fields + `}
]}}`
	}
	cases := []struct {
		name, content, want string
	}{
		{"empty", ``, `:1: invalid JSON: the file ends too early`},
		{"syntax", "{\n  \"webcore\": {\n    \"templates\": [\n      {\"id\" 42}\n", `:4: invalid JSON: invalid character '4' after object key`},
		{"not an object", `[1, 2]`, `:1: the top level: must be an object, not array`},
		{"trailing data", "{}\n{}", `:2: unexpected data after the top-level object`},
		{"unknown top-level field", "{\n  \"replace_default\": true\n}", `:2: replace_default: unknown field (allowed: replace_defaults, webcore, webscale)`},
		{"unknown nested field", user(`"login": "x2", "email": "x@example.com",` + "\n" + `"pasword": "secret-pw"`), `:4: webcore.users[1].pasword: unknown field (allowed: login, email, password, api_key,`},
		{"case matters", `{"webcore": {"Templates": []}}`, `:1: webcore.Templates: unknown field`},
		{"wrong type", "{\"webcore\": {\"templates\": [\n  {\"id\": \"42\"}]}}", `:2: webcore.templates[0].id: must be an integer, not string`},
		{"template id missing", "{\"webcore\": {\"templates\": [\n  {\"label\": \"A\", \"operating_system\": \"linux\"}]}}", `:2: webcore.templates[0].id: must be a positive integer`},
		{"template id twice", "{\"webcore\": {\"templates\": [\n  {\"id\": 42, \"label\": \"A\", \"operating_system\": \"linux\"},\n  {\"id\": 42, \"label\": \"B\", \"operating_system\": \"linux\"}]}}", `:3: webcore.templates[1].id: 42 is already webcore.templates[0]'s id`},
		{"template id of a default", `{"webcore": {"templates": [{"id": 1, "label": "A", "operating_system": "linux"}]}}`, `:1: webcore.templates[0].id: 1 is already a default template's id (set "replace_defaults": true to drop the defaults)`},
		{"template label missing", "{\"webcore\": {\"templates\": [{\"id\": 42,\n \"operating_system\": \"linux\"}]}}", `:1: webcore.templates[0].label: is required`},
		{"operating system", "{\"webcore\": {\"templates\": [{\"id\": 42, \"label\": \"A\",\n \"operating_system\": \"plan9\"}]}}", `:2: webcore.templates[0].operating_system: must be one of linux, windows, freebsd`},
		{"hypervisor group", `{"webcore": {"hypervisors": [{"id": 9, "label": "hv"}]}}`, `:1: webcore.hypervisors[0].hypervisor_group_id: must be a positive integer`},
		{"user email", user(`"login": "second", "password": "secret-pw",` + "\n" + `"email": "not-an-email"`), `:4: webcore.users[1].email: is invalid`},
		{"user password", user(`"login": "second", "email": "second@example.com", "password": "short"`), `:3: webcore.users[1].password: is too short (minimum is 6 characters)`},
		{"user login taken", user(`"login": "FIRST", "email": "second@example.com", "password": "secret-pw"`), `:3: webcore.users[1].login: has already been taken (by webcore.users[0]; case does not matter)`},
		{"admin login taken", user(`"login": "admin", "email": "second@example.com", "password": "secret-pw"`), `webcore.users[1].login: has already been taken (by the admin user; case does not matter)`},
		{"user status", user(`"login": "second", "email": "second@example.com", "password": "secret-pw", "status": "deleted"`), `webcore.users[1].status: is not included in the list`},
		{"user api key", user(`"login": "second", "email": "second@example.com", "password": "secret-pw", "api_key": "XYZ"`), `webcore.users[1].api_key: must be 40 lowercase hexadecimal characters`},
		{"negative limit", "{\"webcore\": {\"limits\": {\n  \"max_memory\": -1}}}", `:2: webcore.limits.max_memory: must not be negative`},
		{"app id", "{\"webscale\": {\"applications\": [\n  {\"id\": \"my app\"}]}}", `:2: webscale.applications[0].id: must be 1-63 letters`},
		{"app id of a default", `{"webscale": {"applications": [{"id": "example-app"}]}}`, `webscale.applications[0].id: "example-app" is already a default application's id`},
		{"app alias", "{\"webscale\": {\"applications\": [{\"id\": \"a\", \"aliases\": [\n  \"ok.example\",\n  \"not ok\"]}]}}", `:3: webscale.applications[0].aliases[1]: "not ok" is not a host name`},
		{"app account", `{"webscale": {"applications": [{"id": "a", "account": "/v2/accounts/9"}]}}`, `webscale.applications[0].account: must be /v2/accounts/1 (yours, the default) or /v2/accounts/2`},
		{"key secret short", "{\"webscale\": {\"access_keys\": [\n  {\"secret\": \"short\"}]}}", `:2: webscale.access_keys[0].secret: must be 16-256 printable ASCII characters without spaces`},
		{"key secret twice", "{\"webscale\": {\"access_keys\": [{\"secret\": \"0123456789abcdef\"},\n  {\"secret\": \"0123456789abcdef\"}]}}", `:2: webscale.access_keys[1].secret: is already the secret of webscale.access_keys[0]`},
		{"key secret is the bootstrap token", `{"webscale": {"access_keys": [{"secret": "bootstrap-token-123"}]}}`, `webscale.access_keys[0].secret: is already the secret of the bootstrap key (webscale_token)`},
		{"key expiry", "{\"webscale\": {\"access_keys\": [{\"secret\": \"0123456789abcdef\",\n  \"expires_at\": \"next year\"}]}}", `:2: webscale.access_keys[0].expires_at: "next year" is not an RFC 3339 timestamp`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := writeSeed(t, c.content)
			srv, err := Start(Config{Listen: "127.0.0.1:0", SeedFile: path, WebscaleToken: "bootstrap-token-123", LogOutput: &lockedBuffer{}})
			if err == nil {
				_ = srv.Close()
				t.Fatal("a bad seed file was accepted")
			}
			if !strings.Contains(err.Error(), "seed file "+path) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error:\n%v\nwant it to contain %q", err, c.want)
			}
		})
	}
}

func TestSeedFileReportsEveryProblem(t *testing.T) {
	path := writeSeed(t, `{
  "webcore": {"users": [{"login": "x", "email": "bad", "password": "pw"}]},
  "webscale": {"access_keys": [{"secret": "short"}]}
}`)
	_, err := readSeedFile(path, credentials{AdminLogin: "admin", AdminEmail: "admin@example.com", WebscaleToken: "tok"})
	if err == nil {
		t.Fatal("accepted")
	}
	want := []string{
		path + ":2: webcore.users[0].email: is invalid",
		path + ":2: webcore.users[0].login: is too short (minimum is 2 characters)",
		path + ":2: webcore.users[0].password: is too short (minimum is 6 characters)",
		path + ":3: webscale.access_keys[0].secret: must be 16-256 printable ASCII characters without spaces",
	}
	if got := strings.TrimPrefix(err.Error(), "seed file "); got != strings.Join(want, "\n") {
		t.Fatalf("error:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

func TestMissingSeedFileStopsTheStart(t *testing.T) {
	_, err := Start(Config{Listen: "127.0.0.1:0", SeedFile: filepath.Join(t.TempDir(), "nope.json"), LogOutput: &lockedBuffer{}})
	if err == nil || !strings.Contains(err.Error(), "seed file: open ") {
		t.Fatalf("err = %v", err)
	}
}

// TestREADMESeedExampleIsTheTestedOne keeps the documented example honest.
func TestREADMESeedExampleIsTheTestedOne(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile(exampleSeed)
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile("(?s)<!-- seed-example -->\n```json\n(.*?)```").FindSubmatch(readme)
	if block == nil {
		t.Fatal("README.md has no ```json block after <!-- seed-example -->")
	}
	if string(block[1]) != string(example) {
		t.Fatalf("the README's seed example differs from %s: copy it over", exampleSeed)
	}
}
