package template

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webcore/terraform-provider-webcore/internal/client"
)

func TestFilterMatching(t *testing.T) {
	templates := []client.Template{
		{ID: 1, Label: "Ubuntu 24.04 x64", OperatingSystem: "linux", OperatingSystemDistro: "ubuntu", Version: "24.04"},
		{ID: 2, Label: "Ubuntu 22.04 x64", OperatingSystem: "linux", OperatingSystemDistro: "ubuntu", Version: "22.04"},
		{ID: 3, Label: "Windows Server 2022", OperatingSystem: "windows", OperatingSystemDistro: "2022", Version: "2022"},
	}
	for _, tc := range []struct {
		name  string
		model dataSourceModel
		want  []int64
	}{
		{"label, exact", dataSourceModel{Label: types.StringValue("Ubuntu 22.04 x64")}, []int64{2}},
		{"label is case-sensitive", dataSourceModel{Label: types.StringValue("ubuntu 22.04 x64")}, nil},
		{"os fields ignore case", dataSourceModel{OperatingSystem: types.StringValue("LINUX"), Version: types.StringValue("24.04")}, []int64{1}},
		{"several", dataSourceModel{OperatingSystemDistro: types.StringValue("ubuntu")}, []int64{1, 2}},
		{"unknown values match anything", dataSourceModel{OperatingSystem: types.StringValue("windows"), Version: types.StringUnknown()}, []int64{3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			filter, _ := tc.model.ToReadRequest(context.Background())
			var got []int64
			for _, m := range filter.matching(templates) {
				got = append(got, m.ID)
			}
			if len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) || (len(got) > 1 && got[1] != tc.want[1]) {
				t.Errorf("matched %v, want %v", got, tc.want)
			}
		})
	}
}
