from lms.learning.charts import BAR_AREA, LABEL_WIDTH, ROW_HEIGHT, bar_chart


class TestBarChart:
    def test_bars_scale_to_the_largest_value_and_hidden_values_have_no_bar(self):
        chart = bar_chart([("Bretagne", 10, "10"), ("Corse", None, "< 5"), ("Normandie", 5, "5")])
        assert [(bar.label, bar.width, bar.value_label) for bar in chart["bars"]] == [
            ("Bretagne", BAR_AREA, "10"),
            ("Corse", 0, "< 5"),
            ("Normandie", BAR_AREA // 2, "5"),
        ]
        assert [bar.y for bar in chart["bars"]] == [0, ROW_HEIGHT, 2 * ROW_HEIGHT]
        assert chart["bar_x"] == LABEL_WIDTH and chart["height"] == 3 * ROW_HEIGHT

    def test_empty_chart(self):
        assert bar_chart([])["bars"] == []
