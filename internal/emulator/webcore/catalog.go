package webcore

import "net/http"

// Templates and hypervisors are seeded and read-only.

type templateWrapper struct {
	// The vendor (OnApp-compatible) names the template root "image_template".
	Template *Template `json:"image_template"`
}

type hypervisorWrapper struct {
	Hypervisor *Hypervisor `json:"hypervisor"`
}

func (a *API) listTemplates(*http.Request, int) reply {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return okList(wrapAll(a.templateList, func(t *Template) templateWrapper { return templateWrapper{t} }), "image_templates")
}

func (a *API) listHypervisors(*http.Request, int) reply {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return okList(wrapAll(a.hypervisors, func(hv *Hypervisor) hypervisorWrapper { return hypervisorWrapper{hv} }), "hypervisors")
}

// wrapAll wraps every item in its root object, as the vendor lists them.
func wrapAll[T, W any](items []T, wrap func(T) W) []W {
	out := make([]W, 0, len(items))
	for _, item := range items {
		out = append(out, wrap(item))
	}
	return out
}
