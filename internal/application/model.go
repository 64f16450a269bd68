package application

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/lookup"
	"github.com/webcore/terraform-provider-webcore/internal/tfmodel"
)

// dataSourceModel is the configuration and state of a webscale_application.
// This file is the only place where it is converted from client structs.
type dataSourceModel struct {
	ID      types.String `tfsdk:"id"`
	Alias   types.String `tfsdk:"alias"`
	Name    types.String `tfsdk:"name"`
	Aliases types.List   `tfsdk:"aliases"`
	Account types.String `tfsdk:"account"`
}

var _ tfmodel.DataSource[client.Application, applicationFilter] = (*dataSourceModel)(nil)

// applicationFilter is what the configuration asks for: an id or an alias.
type applicationFilter struct {
	ID, Alias *string
}

// ToReadRequest reads the filter from the configuration.
func (m dataSourceModel) ToReadRequest(context.Context) (applicationFilter, diag.Diagnostics) {
	return applicationFilter{ID: tfmodel.KnownString(m.ID), Alias: tfmodel.KnownString(m.Alias)}, nil
}

// FromAPI copies the application found into m. Alias, an argument only,
// keeps its value.
func (m *dataSourceModel) FromAPI(ctx context.Context, app *client.Application) diag.Diagnostics {
	m.ID = types.StringValue(app.ID())
	m.Name = types.StringValue(app.Name)
	m.Account = types.StringValue(app.Account)
	aliases, diags := types.ListValueFrom(ctx, types.StringType, append([]string{}, app.Aliases...))
	m.Aliases = aliases
	return diags
}

// matching returns the applications the filter selects: the id exactly,
// an alias (a host name) in any case.
func (f applicationFilter) matching(all []client.Application) []client.Application {
	var out []client.Application
	for _, app := range all {
		if f.ID != nil && app.ID() != *f.ID ||
			f.Alias != nil && !slices.ContainsFunc(app.Aliases, func(a string) bool { return strings.EqualFold(a, *f.Alias) }) {
			continue
		}
		out = append(out, app)
	}
	return out
}

// asked says what the configuration asked for, for the error.
func (f applicationFilter) asked() string {
	if f.ID != nil {
		return lookup.Condition("id", f.ID)
	}
	return fmt.Sprintf("the alias %q", *f.Alias)
}

// applications is how the errors show an application.
var applications = lookup.Kind[client.Application]{Singular: "application", Plural: "applications",
	Describe: func(app client.Application) string {
		return fmt.Sprintf("%q (aliases %s)", app.ID(), strings.Join(quoted(app.Aliases), ", "))
	}}

func quoted(list []string) []string {
	out := make([]string, 0, len(list))
	for _, s := range list {
		out = append(out, fmt.Sprintf("%q", s))
	}
	if len(out) == 0 {
		return []string{"none"}
	}
	return out
}
