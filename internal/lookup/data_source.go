package lookup

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/webcore/terraform-provider-webcore/internal/apidiag"
	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/listcache"
	"github.com/webcore/terraform-provider-webcore/internal/providerdata"
	"github.com/webcore/terraform-provider-webcore/internal/tfmodel"
)

// Spec is a data source that reads what it finds in a list of objects of
// type T, the only way the APIs search: its configuration and state M turn
// into a filter F, which chooses R, what M's FromAPI reads: one T for a
// data source of one object, a []T for one of many.
type Spec[T, R, F, M any] struct {
	TypeName   string
	Schema     schema.Schema
	Validators []datasource.ConfigValidator
	// List lists every T, through the provider instance's shared list (see
	// FromWebcore and FromWebscale).
	List func(context.Context, *providerdata.Clients) ([]T, diag.Diagnostics)
	// Choose picks what the data source reads, or adds the error (One's,
	// usually) that says why it cannot.
	Choose func(diags *diag.Diagnostics, filter F, all []T) (R, bool)
}

// model is M as the framework fills it: a pointer with the data source
// model's contract.
type model[M, R, F any] interface {
	*M
	tfmodel.DataSource[R, F]
}

// NewDataSource returns the data source spec describes.
func NewDataSource[T, R, F, M any, PM model[M, R, F]](spec Spec[T, R, F, M]) datasource.DataSource {
	return &dataSource[T, R, F, M, PM]{spec: spec}
}

type dataSource[T, R, F, M any, PM model[M, R, F]] struct {
	spec    Spec[T, R, F, M]
	clients *providerdata.Clients
}

var (
	_ datasource.DataSourceWithConfigure        = (*dataSource[int, int, int, fakeModel, *fakeModel])(nil)
	_ datasource.DataSourceWithConfigValidators = (*dataSource[int, int, int, fakeModel, *fakeModel])(nil)
)

// Metadata implements datasource.DataSource.
func (d *dataSource[T, R, F, M, PM]) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = d.spec.TypeName
}

// Schema implements datasource.DataSource.
func (d *dataSource[T, R, F, M, PM]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = d.spec.Schema
}

// ConfigValidators implements datasource.DataSourceWithConfigValidators.
func (d *dataSource[T, R, F, M, PM]) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return d.spec.Validators
}

// Configure implements datasource.DataSourceWithConfigure.
func (d *dataSource[T, R, F, M, PM]) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.clients = providerdata.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

// Read implements datasource.DataSource: configuration → filter, the
// shared list → what the filter chooses → state.
func (d *dataSource[T, R, F, M, PM]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	m := PM(new(M))
	resp.Diagnostics.Append(req.Config.Get(ctx, m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	filter, diags := m.ToReadRequest(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	all, diags := d.spec.List(ctx, d.clients)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	found, ok := d.spec.Choose(&resp.Diagnostics, filter, all)
	if !ok {
		return
	}
	resp.Diagnostics.Append(m.FromAPI(ctx, &found)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// Lister is a provider instance's shared list of one object type: a
// listcache.Cache, or the list of a listcache.Reads.
type Lister[T any] interface {
	List(ctx context.Context, fetch func(context.Context) ([]T, error)) ([]T, error)
}

var (
	_ Lister[int] = (*listcache.Cache[int])(nil)
	_ Lister[int] = (*listcache.Reads[int])(nil)
)

// FromWebcore is a Spec.List that lists with a Webcore client's list call
// (a method expression such as (*client.Webcore).ListUsers) through the
// instance's shared list (such as (*providerdata.Clients).Users); what
// names the objects in an API error ("users").
func FromWebcore[T any, L Lister[T]](shared func(*providerdata.Clients) L, list func(*client.Webcore, context.Context) ([]T, error), what string) func(context.Context, *providerdata.Clients) ([]T, diag.Diagnostics) {
	return func(ctx context.Context, clients *providerdata.Clients) ([]T, diag.Diagnostics) {
		webcore, diags := clients.Webcore()
		if diags.HasError() {
			return nil, diags
		}
		return listShared(ctx, shared(clients), func(ctx context.Context) ([]T, error) { return list(webcore, ctx) }, what)
	}
}

// FromWebscale is FromWebcore for the Webscale API.
func FromWebscale[T any, L Lister[T]](shared func(*providerdata.Clients) L, list func(*client.Webscale, context.Context) ([]T, error), what string) func(context.Context, *providerdata.Clients) ([]T, diag.Diagnostics) {
	return func(ctx context.Context, clients *providerdata.Clients) ([]T, diag.Diagnostics) {
		webscale, diags := clients.Webscale()
		if diags.HasError() {
			return nil, diags
		}
		return listShared(ctx, shared(clients), func(ctx context.Context) ([]T, error) { return list(webscale, ctx) }, what)
	}
}

func listShared[T any](ctx context.Context, shared Lister[T], fetch func(context.Context) ([]T, error), what string) ([]T, diag.Diagnostics) {
	var diags diag.Diagnostics
	all, err := shared.List(ctx, fetch)
	if err != nil {
		apidiag.Append(&diags, "listing "+what, err, nil)
	}
	return all, diags
}

// fakeModel only lets the compile-time checks above name a model.
type fakeModel struct{}

func (*fakeModel) FromAPI(context.Context, *int) diag.Diagnostics { return nil }
func (fakeModel) ToReadRequest(context.Context) (int, diag.Diagnostics) {
	return 0, nil
}
