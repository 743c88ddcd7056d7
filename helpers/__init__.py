"""helpers: the small, tested package behind the notebooks.

Every public name is listed in ``__all__``; see each module for the formulas, units and edge
conventions (``mathnotes/00-conventions.md`` collects them).
"""

from .classification import softmax, softmax_cross_entropy, softmax_cross_entropy_gradient
from .divergences import LOG2, cross_entropy, js_divergence, kl_divergence
from .examples import (
    DEFAULT_GRID,
    blur,
    box_js,
    box_pair,
    discretize_normal,
    gaussian_js,
    gaussian_js_slope,
    gaussian_kl,
    gaussian_pair,
    gaussian_w1,
    parallel_lines,
    parallel_lines_closed_form,
    parallel_lines_numeric,
    uniform_on_grid,
)
from .exercises import check
from .gan import (
    gan_value,
    nonsaturating_generator_loss,
    optimal_discriminator,
    saturating_generator_loss,
)
from .information import (
    average_code_length,
    binary_entropy,
    block_distribution,
    conditional_entropy,
    entropy,
    huffman_code,
    information,
    is_uniquely_decodable,
    joint_entropy,
    kraft_sum,
    mutual_information,
    normal_differential_entropy,
    parses,
)
from .plotting import COLORS, OKABE_ITO, format_nats, use_style
from .transport import emd, lipschitz_dual, transport_cost, transport_plan_1d, wasserstein_1d
from .validation import normalize
from .widgets import (
    LiveFigure,
    live_figures,
    move_every_control,
    new_figure,
    setup_notebook,
    slider,
)

__all__ = [
    "COLORS",
    "DEFAULT_GRID",
    "LOG2",
    "LiveFigure",
    "OKABE_ITO",
    "average_code_length",
    "binary_entropy",
    "block_distribution",
    "blur",
    "box_js",
    "box_pair",
    "check",
    "conditional_entropy",
    "cross_entropy",
    "discretize_normal",
    "emd",
    "entropy",
    "format_nats",
    "gan_value",
    "gaussian_js",
    "gaussian_js_slope",
    "gaussian_kl",
    "gaussian_pair",
    "gaussian_w1",
    "huffman_code",
    "information",
    "is_uniquely_decodable",
    "joint_entropy",
    "js_divergence",
    "kl_divergence",
    "kraft_sum",
    "lipschitz_dual",
    "live_figures",
    "move_every_control",
    "mutual_information",
    "new_figure",
    "nonsaturating_generator_loss",
    "normal_differential_entropy",
    "normalize",
    "optimal_discriminator",
    "parallel_lines",
    "parallel_lines_closed_form",
    "parallel_lines_numeric",
    "parses",
    "saturating_generator_loss",
    "setup_notebook",
    "slider",
    "softmax",
    "softmax_cross_entropy",
    "softmax_cross_entropy_gradient",
    "transport_cost",
    "transport_plan_1d",
    "uniform_on_grid",
    "use_style",
    "wasserstein_1d",
]
