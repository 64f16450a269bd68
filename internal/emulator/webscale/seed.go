package webscale

// The seeded world is fixed: it is what a fresh emulator (or a reset) serves.
// Only access keys and download links change at run time, so only those are stored.

const (
	selfAccountID  = "1"
	selfUserID     = "100"
	otherAccountID = "2"
	otherUserID    = "200"
	bootstrapKeyID = "1"
)

// Account is a Webscale account.
type Account struct {
	Href string `json:"href"`
	Name string `json:"name"`
}

// User is a Webscale user; "self" names the caller.
type User struct {
	Href    string `json:"href"`
	Name    string `json:"name"`
	Email   string `json:"email"`
	Account string `json:"account"`
}

// Application is a Webscale application (a site served by Webscale).
type Application struct {
	Href    string   `json:"href"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases"`
	Account string   `json:"account"`
}

func accountHref(id string) string { return "/v2/accounts/" + id }
func userHref(id string) string    { return "/v2/users/" + id }

var seededAccounts = map[string]Account{
	selfAccountID:  {Href: accountHref(selfAccountID), Name: "Example Inc."},
	otherAccountID: {Href: accountHref(otherAccountID), Name: "Other Corp."},
}

var seededUsers = map[string]User{
	selfUserID:  {Href: userHref(selfUserID), Name: "Example Operator", Email: "ops@example.com", Account: accountHref(selfAccountID)},
	otherUserID: {Href: userHref(otherUserID), Name: "Other Operator", Email: "ops@other.example.net", Account: accountHref(otherAccountID)},
}

// seededApps is ordered as GET /v2/applications lists them. Application ids are their names,
// so the seed's example path /v2/app/example-app/logs works as written.
var seededApps = []Application{
	{Href: "/v2/applications/example-app", Name: "example-app", Aliases: []string{"www.example.com", "example.com"}, Account: accountHref(selfAccountID)},
	{Href: "/v2/applications/shop-app", Name: "shop-app", Aliases: []string{"shop.example.com"}, Account: accountHref(selfAccountID)},
	{Href: "/v2/applications/other-app", Name: "other-app", Aliases: []string{"www.other.example.net"}, Account: accountHref(otherAccountID)},
}

// visibleApp returns the application id when the caller's account owns it.
// Other accounts' apps are reported exactly like unknown ones (no existence leak).
func visibleApp(id, account string) (Application, bool) {
	for _, app := range seededApps {
		if app.Name == id && app.Account == account {
			return app, true
		}
	}
	return Application{}, false
}
