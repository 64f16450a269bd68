// Package template implements the webcore_template data source: one OS
// template of the control panel, found by its label or by its operating
// system, distribution and version, so configurations need no template ids
// written by hand.
package template

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/webcore/terraform-provider-webcore/internal/apidiag"
	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/providerdata"
)

// TypeName is the data source's type name.
const TypeName = "webcore_template"

var (
	_ datasource.DataSource                     = (*templateDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*templateDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*templateDataSource)(nil)
)

// templateDataSource reads one webcore_template.
type templateDataSource struct {
	clients *providerdata.Clients
}

// NewDataSource returns the webcore_template data source.
func NewDataSource() datasource.DataSource { return &templateDataSource{} }

// Metadata implements datasource.DataSource.
func (d *templateDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = TypeName
}

// Schema implements datasource.DataSource.
func (d *templateDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dataSourceSchema()
}

// ConfigValidators implements datasource.DataSourceWithConfigValidators.
func (d *templateDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return configValidators()
}

// Configure implements datasource.DataSourceWithConfigure.
func (d *templateDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.clients = providerdata.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

// Read implements datasource.DataSource: it lists the templates (one list
// shared by the data sources of a plan) and keeps the one the configuration
// names, or with most_recent the newest of them; none, or several without
// most_recent, is an error that lists the candidates.
func (d *templateDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m dataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	webcore, diags := d.clients.Webcore()
	resp.Diagnostics.Append(diags...)
	filter, diags := m.ToReadRequest(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	templates, err := d.clients.Templates().List(ctx, webcore.ListTemplates)
	if err != nil {
		apidiag.Append(&resp.Diagnostics, "listing templates", err, nil)
		return
	}
	matches := filter.choose(filter.matching(templates))
	if len(matches) != 1 {
		resp.Diagnostics.AddAttributeError(filter.path(), noSingleMatch(len(matches)),
			fmt.Sprintf("%s. %s", filter.describe(len(matches)), candidates(matches, templates)))
		return
	}
	resp.Diagnostics.Append(m.FromAPI(ctx, &matches[0])...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func noSingleMatch(n int) string {
	if n == 0 {
		return "No template matches"
	}
	return "Several templates match"
}

// candidates lists the templates the user may have meant: the matches when
// there are several, else every template, so the fix is on screen.
func candidates(matches, all []client.Template) string {
	list, intro := matches, "They are"
	if len(matches) == 0 {
		list, intro = all, "The templates are"
	}
	if len(list) == 0 {
		return "The control panel has no templates."
	}
	lines := make([]string, 0, len(list))
	for _, t := range list {
		lines = append(lines, fmt.Sprintf("  - id %d: %q (operating_system %q, operating_system_distro %q, version %q)",
			t.ID, t.Label, t.OperatingSystem, t.OperatingSystemDistro, t.Version))
	}
	sort.Strings(lines)
	return intro + ":\n" + strings.Join(lines, "\n")
}

// path is the attribute an error about the filter belongs on.
func (f templateFilter) path() path.Path {
	if f.ID != nil {
		return path.Root("id")
	}
	if f.Label != nil {
		return path.Root("label")
	}
	return path.Root("operating_system")
}
