package webscale

// The default world: what a fresh emulator (or a reset) serves without a seed
// file. Accounts and users are fixed; applications and access keys can be
// added by a seed file (seedfile.go), and are stored with the world.

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

// defaultApps is ordered as GET /v2/applications lists them. Application ids are their names,
// so the seed's example path /v2/app/example-app/logs works as written.
var defaultApps = []Application{
	{Href: "/v2/applications/example-app", Name: "example-app", Aliases: []string{"www.example.com", "example.com"}, Account: accountHref(selfAccountID)},
	{Href: "/v2/applications/shop-app", Name: "shop-app", Aliases: []string{"shop.example.com"}, Account: accountHref(selfAccountID)},
	{Href: "/v2/applications/other-app", Name: "other-app", Aliases: []string{"www.other.example.net"}, Account: accountHref(otherAccountID)},
}
