"""How the body map's picture looks: a selected or hovered region, and the type its labels and
caption are set in.

The drawing, the label layout and the caption all read these, so the sizes a label is laid out
with are the sizes it is drawn at, and tests can find a selection by its colour.
"""

from __future__ import annotations

# How a selected region looks: a strong blue fill, a thick dark outline and a hatch, so the
# selection reads on a black-and-white printout and for people who do not see the colour.
SELECTED_FILL = "#1d70b8"
SELECTED_FILL_OPACITY = "0.35"
SELECTED_STROKE = "#0b0c0c"
SELECTED_STROKE_WIDTH = "2.5"
HOVER_FILL = "#d2e2f1"
HOVER_STROKE = "#1d70b8"
HATCH_ID = "bodymap-hatch"

LABEL_FONT_SIZE = 11.0
LABEL_LINE_HEIGHT = 12.5
LABEL_ONE_LINE = 16  # characters; longer labels take two lines
TITLE_FONT_SIZE = 11.0
TITLE_LINE_HEIGHT = 14.0
TITLE_WRAP = 88  # characters per title line that fit the drawing's width at TITLE_FONT_SIZE
CHAR_WIDTH_EM = 0.6  # a generous average advance for a bold sans-serif, for layout estimates
