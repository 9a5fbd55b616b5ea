#include "common/option_suggest.h"

#include <algorithm>
#include <vector>

namespace img {

size_t edit_distance(std::string_view a, std::string_view b) {
    // Optimal string alignment: Levenshtein plus the swap of two neighbours, the commonest typo.
    std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
    for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (size_t i = 1; i <= a.size(); ++i)
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

std::string nearest_option(const CLI::App& app, std::string_view given) {
    bool is_long = given.substr(0, 2) == "--";
    std::string_view bare = given.substr(is_long ? 2 : 1);
    // A short name is one letter: only a long one can be near a long typo, and the reverse.
    size_t allowed = is_long ? std::max<size_t>(1, bare.size() / 3) : 0;
    std::string best;
    size_t best_distance = allowed + 1;
    for (const CLI::Option* opt : app.get_options()) {
        for (const auto& name : is_long ? opt->get_lnames() : opt->get_snames()) {
            size_t d = edit_distance(bare, name);
            // "--pre" for "--pretty": a prefix of one option is as good as one edit.
            if (is_long && bare.size() >= 2 && name.compare(0, bare.size(), bare) == 0) d = std::min<size_t>(d, 1);
            if (d < best_distance) {
                best_distance = d;
                best = (is_long ? "--" : "-") + name;
            }
        }
    }
    return best;
}

}  // namespace img
