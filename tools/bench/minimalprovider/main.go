// Command minimalprovider is the floor the bench compares the webcore provider
// with: a plugin-framework provider with one resource of three strings that
// calls no API (minimal_user). Its plan cost is what Terraform and the
// framework cost per object; whatever the webcore provider spends above it
// is its own, or its schema's. minimal_schema_user tells the two apart: it
// has webcore_user's schema (its validators, plan modifiers, defaults and
// timeouts block) and none of the provider's code or API calls; the bench
// runs it in a process tuned like the webcore provider's (tunedVariable).
//
// Terraform finds it as registry.terraform.io/bench/minimal through the
// bench's dev_overrides.
package main

import (
	"context"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/webcore/terraform-provider-webcore/internal/pluginserver"
	webcore "github.com/webcore/terraform-provider-webcore/internal/provider"
	"github.com/webcore/terraform-provider-webcore/internal/user"
)

// Address is where Terraform looks for this provider.
const Address = "registry.terraform.io/bench/minimal"

// tunedVariable, set to 1, makes this process tune itself and serve as the
// webcore provider does (provider.TuneProcess, pluginserver.Serve): the
// bench sets it for minimal_schema_user, so that the schema floor differs
// from webcore_user by the provider's code alone.
const tunedVariable = "WEBCORE_BENCH_MINIMAL_TUNED"

func main() {
	newProvider := func() provider.Provider { return minimalProvider{} }
	var err error
	if os.Getenv(tunedVariable) == "1" {
		webcore.TuneProcess()
		err = pluginserver.Serve(Address, newProvider, false)
	} else {
		err = providerserver.Serve(context.Background(), newProvider, providerserver.ServeOpts{Address: Address})
	}
	if err != nil {
		log.Fatal(err)
	}
}

type minimalProvider struct{}

func (minimalProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "minimal"
}

func (minimalProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (minimalProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (minimalProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		func() resource.Resource { return userResource{} },
		func() resource.Resource { return schemaUserResource{} },
	}
}

func (minimalProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// userResource has the arguments the bench gives webcore_user (login, email,
// password) and a computed id; it keeps everything in the state alone.
type userResource struct{}

type userModel struct {
	ID       types.String `tfsdk:"id"`
	Login    types.String `tfsdk:"login"`
	Email    types.String `tfsdk:"email"`
	Password types.String `tfsdk:"password"`
}

func (userResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user"
}

func (userResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id": schema.StringAttribute{Computed: true,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		"login":    schema.StringAttribute{Required: true},
		"email":    schema.StringAttribute{Required: true},
		"password": schema.StringAttribute{Required: true, Sensitive: true},
	}}
}

func (userResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m userModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.ID = m.Login
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Read keeps the state as it is: there is no API to ask.
func (userResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (userResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m userModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (userResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// schemaUserResource is minimal_schema_user: webcore_user's schema, kept in
// the state alone.
type schemaUserResource struct{}

func (schemaUserResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_schema_user"
}

func (schemaUserResource) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	user.NewResource().Schema(ctx, req, resp)
}

// Create keeps the plan, with the values only an API would compute set to
// null and a made-up id.
func (schemaUserResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	known, err := tftypes.Transform(req.Plan.Raw, func(_ *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if !v.IsKnown() {
			return tftypes.NewValue(v.Type(), nil), nil
		}
		return v, nil
	})
	if err != nil {
		resp.Diagnostics.AddError("Keeping the plan", err.Error())
		return
	}
	resp.State.Raw = known
	var login types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("login"), &login)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), login)...)
}

// Read keeps the state as it is: there is no API to ask.
func (schemaUserResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (schemaUserResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.Plan.Raw
}

func (schemaUserResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
