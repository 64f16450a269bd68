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

func (a *API) listTemplates(w http.ResponseWriter, r *http.Request, _ int) {
	a.mu.RLock()
	list := make([]templateWrapper, 0, len(a.templateList))
	for _, t := range a.templateList {
		list = append(list, templateWrapper{t})
	}
	a.mu.RUnlock()
	reply(w, r, http.StatusOK, list, "image_templates")
}

func (a *API) listHypervisors(w http.ResponseWriter, r *http.Request, _ int) {
	a.mu.RLock()
	list := make([]hypervisorWrapper, 0, len(a.hypervisors))
	for _, hv := range a.hypervisors {
		list = append(list, hypervisorWrapper{hv})
	}
	a.mu.RUnlock()
	reply(w, r, http.StatusOK, list, "hypervisors")
}
