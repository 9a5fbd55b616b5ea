// Paths and messages go through display_text: they may hold any bytes, a JSON string may not.
#include "img/views/views_document.h"

#include "img/support/display.h"

namespace img {

void begin_views_document(std::string_view dump, ValueSink& out) {
    out.begin_object();
    out.key("dump");
    out.string(display_text(dump));
    out.key("views");
    out.begin_array();
}

void write(const ViewInfo& view, const Expected<Table>& table, ValueSink& out) {
    if (table) {
        write_table_json(*table, out);
        return;
    }
    out.begin_object();
    out.key("view");
    out.string(view.name);
    out.key("error");
    out.string(display_text(table.error().message()));
    out.end_object();
}

void end_views_document(ValueSink& out) {
    out.end_array();
    out.end_object();
}

}  // namespace img
