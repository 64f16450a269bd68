package pluginserver_test

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"
	"weak"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/webcore/terraform-provider-webcore/internal/pluginserver"
	"github.com/webcore/terraform-provider-webcore/internal/provider"
)

// payload stands for what terraform-plugin-go puts into every call's
// context (loggers, their options, a request id).
type payload struct{ _ [10 << 10]byte }

type payloadKey struct{}

// validateOnce makes one ValidateResourceConfig call of webcore_user, with a
// context that carries a payload and is cancelled when the call returns, as
// gRPC's is, and returns a weak pointer to the payload.
func validateOnce(t *testing.T, server tfprotov6.ProviderServer) weak.Pointer[payload] {
	t.Helper()
	schemas, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	typ := schemas.ResourceSchemas["webcore_user"].ValueType()
	config, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nil))
	if err != nil {
		t.Fatal(err)
	}
	p := &payload{}
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), payloadKey{}, p))
	defer cancel()
	if _, err := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "webcore_user", Config: &config}); err != nil {
		t.Fatal(err)
	}
	return weak.Make(p)
}

func collected(w weak.Pointer[payload]) bool {
	runtime.GC()
	return w.Value() == nil
}

// The reason for the package: the framework keeps what a call's context
// holds after the call. Should this fail, the framework lets go by itself
// and Wrap may go.
func TestFrameworkKeepsEveryCallsContext(t *testing.T) {
	server := providerserver.NewProtocol6(provider.New("test")())()
	w := validateOnce(t, server)
	if collected(w) {
		t.Fatal("the framework let go of a call's context: Wrap is no longer needed")
	}
	runtime.KeepAlive(server)
}

func TestWrap_letsGoOfTheCallsContext(t *testing.T) {
	server := pluginserver.Wrap(providerserver.NewProtocol6(provider.New("test")())())
	w := validateOnce(t, server)
	if !collected(w) {
		t.Fatal("what a call's context holds is still reachable after the call")
	}
	runtime.KeepAlive(server)
}

// tf6server finds list resources, actions and state stores by type
// assertion (to tfprotov6.ProviderServerWithListResource and its like, which
// are these): the wrapped framework server must still offer them.
func TestWrap_keepsTheCallsOutsideProviderServer(t *testing.T) {
	server := pluginserver.Wrap(providerserver.NewProtocol6(provider.New("test")())())
	if _, ok := server.(tfprotov6.ListResourceServer); !ok {
		t.Error("the wrapped server has no list resource calls")
	}
	if _, ok := server.(tfprotov6.ActionServer); !ok {
		t.Error("the wrapped server has no action calls")
	}
	if _, ok := server.(tfprotov6.StateStoreServer); !ok {
		t.Error("the wrapped server has no state store calls")
	}
	if _, ok := pluginserver.Wrap(&recorder{}).(tfprotov6.ListResourceServer); ok {
		t.Error("a server without list resource calls gained them through Wrap")
	}
}

// recorder is a provider server whose ReadResource keeps the context it
// was given and a context derived from it, as the framework does.
type recorder struct {
	tfprotov6.ProviderServer
	seen, derived context.Context
	cancelDerived context.CancelFunc // kept, not called: the framework keeps its own
	during        func(ctx context.Context)
}

func (r *recorder) ReadResource(ctx context.Context, _ *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	r.seen = ctx
	r.derived, r.cancelDerived = context.WithCancel(ctx)
	r.during(ctx)
	return &tfprotov6.ReadResourceResponse{}, nil
}

func TestWrap_contextAnswersAsTheCallsUntilItReturns(t *testing.T) {
	deadline := time.Now().Add(time.Hour)
	parent, cancel := context.WithDeadline(context.WithValue(context.Background(), payloadKey{}, "value"), deadline)
	defer cancel()
	r := &recorder{during: func(ctx context.Context) {
		if got := ctx.Value(payloadKey{}); got != "value" {
			t.Errorf("during the call, Value = %v, want the call's", got)
		}
		if got, ok := ctx.Deadline(); !ok || !got.Equal(deadline) {
			t.Errorf("during the call, Deadline = %v %v, want the call's", got, ok)
		}
		if ctx.Err() != nil {
			t.Errorf("during the call, Err = %v", ctx.Err())
		}
	}}
	if _, err := pluginserver.Wrap(r).ReadResource(parent, &tfprotov6.ReadResourceRequest{}); err != nil {
		t.Fatal(err)
	}
	if got := r.seen.Value(payloadKey{}); got != nil {
		t.Errorf("after the call, Value = %v, want nothing", got)
	}
	if _, ok := r.seen.Deadline(); ok {
		t.Error("after the call, the context still has the call's deadline")
	}
	if r.seen.Err() != nil || r.derived.Err() != nil {
		t.Errorf("Err = %v, %v before the call's context is cancelled, want nil (Done is not closed)", r.seen.Err(), r.derived.Err())
	}
	cancel() // what gRPC does once the call has been answered
	select {
	case <-r.derived.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("cancelling the call's context did not reach a context derived during the call")
	}
	if !errors.Is(r.seen.Err(), context.Canceled) || !errors.Is(r.derived.Err(), context.Canceled) {
		t.Errorf("after cancellation, Err = %v, %v, want context.Canceled", r.seen.Err(), r.derived.Err())
	}
}

func TestWrap_cancellationDuringTheCallReachesTheHandler(t *testing.T) {
	parent, cancel := context.WithCancel(context.Background())
	r := &recorder{during: func(ctx context.Context) {
		cancel() // Terraform is interrupted, gRPC cancels the call
		select {
		case <-ctx.Done():
		case <-time.After(10 * time.Second):
			t.Error("the handler's context was not cancelled with the call's")
		}
		if !errors.Is(ctx.Err(), context.Canceled) {
			t.Errorf("Err = %v, want context.Canceled", ctx.Err())
		}
	}}
	if _, err := pluginserver.Wrap(r).ReadResource(parent, &tfprotov6.ReadResourceRequest{}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-r.derived.Done():
	default:
		t.Error("a context derived during the call was not cancelled with it")
	}
}
