"""Just enough of a DOM to read printlink-cloud's pages the way a browser user would:
elements by id, their text, forms with their fields, and firmware rows by component."""

from html.parser import HTMLParser

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
         "source", "track", "wbr"}

# HTML's optional end tags: opening the key closes an open element of the first set, looking
# no further up than the second set (a <td> closes the previous cell, not an outer table's).
_IMPLIED_END = {
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "tr": ({"tr", "td", "th"}, {"table", "thead", "tbody", "tfoot"}),
    "thead": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
    "tbody": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
    "tfoot": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
    "li": ({"li"}, {"ul", "ol"}),
    "dt": ({"dt", "dd"}, {"dl"}),
    "dd": ({"dt", "dd"}, {"dl"}),
    "option": ({"option"}, {"select", "datalist"}),
    "p": ({"p"}, {"div", "section", "article", "main", "body", "td", "th", "li", "form"}),
}


class Element:
    def __init__(self, tag: str, attrs: dict, parent=None):
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children = []

    def text(self) -> str:
        """The element's text with runs of whitespace collapsed, as a person reads it."""
        parts = []
        self._collect_text(parts)
        return " ".join("".join(parts).split())

    def _collect_text(self, parts):
        for child in self.children:
            if isinstance(child, Element):
                child._collect_text(parts)
            else:
                parts.append(child)

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def has_class(self, name: str) -> bool:
        return name in (self.attrs.get("class") or "").split()

    def find(self, predicate):
        return next((e for e in self.iter() if predicate(e)), None)

    def __repr__(self):
        return f"<{self.tag} {self.attrs}>"


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        self._close_implied(tag)
        element = Element(tag, {k: (v if v is not None else "") for k, v in attrs}, self.current)
        self.current.children.append(element)
        if tag not in _VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        element = Element(tag, {k: (v if v is not None else "") for k, v in attrs}, self.current)
        self.current.children.append(element)

    def _close_implied(self, tag):
        closes, boundary = _IMPLIED_END.get(tag, (set(), set()))
        node = self.current
        while node is not None and node.parent is not None and node.tag not in boundary:
            if node.tag in closes:
                self.current = node.parent
                return
            node = node.parent

    def handle_endtag(self, tag):
        # Tolerant: close up to the nearest open element with this tag, if any.
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


class Form:
    def __init__(self, element: Element):
        self.element = element
        self.action = element.attrs.get("action", "")
        self.method = element.attrs.get("method", "get").lower()

    def fields(self) -> dict:
        """Name → value of what a browser would submit (checked radios/checkboxes only,
        the selected option of a select)."""
        values = {}
        for e in self.element.iter():
            name = e.attrs.get("name")
            if not name:
                continue
            if e.tag == "input":
                kind = e.attrs.get("type", "text").lower()
                if kind in ("radio", "checkbox") and "checked" not in e.attrs:
                    continue
                if kind in ("submit", "button", "image", "reset"):
                    continue
                values[name] = e.attrs.get("value", "")
            elif e.tag == "select":
                options = [o for o in e.iter() if o.tag == "option"]
                chosen = next((o for o in options if "selected" in o.attrs), options[0] if options else None)
                if chosen is not None:
                    values[name] = chosen.attrs.get("value", chosen.text())
            elif e.tag == "textarea":
                values[name] = e.text()
        return values


class HtmlPage:
    def __init__(self, html: str):
        builder = _TreeBuilder()
        builder.feed(html)
        builder.close()
        self.root = builder.root
        self.html = html

    def by_id(self, element_id: str):
        return self.root.find(lambda e: e.attrs.get("id") == element_id)

    def has(self, element_id: str) -> bool:
        return self.by_id(element_id) is not None

    def text(self, element_id: str):
        """Text of the element with this id, or None when there is none."""
        element = self.by_id(element_id)
        return element.text() if element is not None else None

    def forms(self):
        return [Form(e) for e in self.root.iter() if e.tag == "form"]

    def form_containing(self, element_id: str):
        element = self.by_id(element_id)
        while element is not None and element.tag != "form":
            element = element.parent
        return Form(element) if element is not None else None

    def any_field(self, name: str):
        """The value of the first form field called `name` anywhere on the page."""
        for form in self.forms():
            value = form.fields().get(name)
            if value is not None:
                return value
        element = self.root.find(lambda e: e.tag == "input" and e.attrs.get("name") == name)
        return element.attrs.get("value") if element is not None else None

    def component_rows(self) -> dict:
        """{component: {"name", "version", "latest"}} from rows marked data-component."""
        rows = {}
        for row in self.root.iter():
            component = row.attrs.get("data-component")
            if component is None:
                continue

            def cell(cls):
                found = row.find(lambda e: e.has_class(cls))
                return found.text() if found is not None else None
            rows[component] = {"name": cell("fw-name"), "version": cell("fw-version"),
                               "latest": cell("fw-latest")}
        return rows
