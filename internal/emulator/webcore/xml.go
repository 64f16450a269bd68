package webcore

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"strings"
	"time"
)

// jsonToXML renders a JSON response the way Rails' to_xml does: typed
// elements (type="integer|boolean|datetime|array"), nil="true" for null,
// arrays of wrapped objects as <users type="array"><user>…</user></users>.
// It walks the JSON tokens (hand-rolled: encoding/xml cannot marshal maps or
// keep the JSON field order), so every view gets XML for free.
func jsonToXML(data []byte, listName string) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	root, err := decodeNode(dec)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	switch root.kind {
	case nodeObject:
		for i, k := range root.keys {
			writeXMLNode(&buf, k, root.values[i], 0)
		}
	case nodeArray:
		writeXMLNode(&buf, listName, root, 0)
	default:
		return nil, errors.New("xml: top-level value must be an object or an array")
	}
	return buf.Bytes(), nil
}

type nodeKind int

const (
	nodeNull nodeKind = iota
	nodeBool
	nodeNumber
	nodeString
	nodeObject
	nodeArray
)

// jsonNode is a JSON value that keeps object key order.
type jsonNode struct {
	kind   nodeKind
	scalar string
	keys   []string
	values []jsonNode
}

func decodeNode(dec *json.Decoder) (jsonNode, error) {
	tok, err := dec.Token()
	if err != nil {
		return jsonNode{}, err
	}
	switch v := tok.(type) {
	case nil:
		return jsonNode{kind: nodeNull}, nil
	case bool:
		if v {
			return jsonNode{kind: nodeBool, scalar: "true"}, nil
		}
		return jsonNode{kind: nodeBool, scalar: "false"}, nil
	case json.Number:
		return jsonNode{kind: nodeNumber, scalar: v.String()}, nil
	case string:
		return jsonNode{kind: nodeString, scalar: v}, nil
	case json.Delim:
		n := jsonNode{kind: nodeArray}
		if v == '{' {
			n.kind = nodeObject
		}
		for dec.More() {
			if n.kind == nodeObject {
				kt, err := dec.Token()
				if err != nil {
					return n, err
				}
				k, _ := kt.(string)
				n.keys = append(n.keys, k)
			}
			child, err := decodeNode(dec)
			if err != nil {
				return n, err
			}
			n.values = append(n.values, child)
		}
		_, err := dec.Token() // the closing delimiter
		return n, err
	}
	return jsonNode{}, errors.New("xml: unexpected JSON token")
}

func writeXMLNode(buf *bytes.Buffer, name string, n jsonNode, depth int) {
	indent := strings.Repeat("  ", depth)
	buf.WriteString(indent)
	switch n.kind {
	case nodeNull:
		buf.WriteString("<" + name + ` nil="true"/>` + "\n")
	case nodeBool:
		buf.WriteString("<" + name + ` type="boolean">` + n.scalar + "</" + name + ">\n")
	case nodeNumber:
		typ := "integer"
		if strings.ContainsAny(n.scalar, ".eE") {
			typ = "float"
		}
		buf.WriteString("<" + name + ` type="` + typ + `">` + n.scalar + "</" + name + ">\n")
	case nodeString:
		if _, err := time.Parse(timeLayout, n.scalar); err == nil {
			buf.WriteString("<" + name + ` type="datetime">`)
		} else {
			buf.WriteString("<" + name + ">")
		}
		_ = xml.EscapeText(buf, []byte(n.scalar)) // writes to a bytes.Buffer cannot fail
		buf.WriteString("</" + name + ">\n")
	case nodeObject:
		buf.WriteString("<" + name + ">\n")
		for i, k := range n.keys {
			writeXMLNode(buf, k, n.values[i], depth+1)
		}
		buf.WriteString(indent + "</" + name + ">\n")
	case nodeArray:
		buf.WriteString("<" + name + ` type="array">` + "\n")
		for _, v := range n.values {
			// Wrapped objects ({"user": {...}}) name themselves.
			if v.kind == nodeObject && len(v.keys) == 1 && v.values[0].kind == nodeObject {
				writeXMLNode(buf, v.keys[0], v.values[0], depth+1)
				continue
			}
			writeXMLNode(buf, singular(name), v, depth+1)
		}
		buf.WriteString(indent + "</" + name + ">\n")
	}
}

// singular is just enough English for this API's array names.
func singular(name string) string {
	switch {
	case strings.HasSuffix(name, "sses"):
		return strings.TrimSuffix(name, "es")
	case strings.HasSuffix(name, "s"):
		return strings.TrimSuffix(name, "s")
	}
	return name
}
