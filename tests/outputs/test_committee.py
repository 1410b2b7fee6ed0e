"""The committee's names are configuration (cau_hinh.toml beside the data, by period), the year's regulation is
said in every report, and multi-year charts mark a structural break. Read back from the files a build writes."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from conftest import SAMPLE_DIR  # noqa: E402
from matplotlib.text import Text  # noqa: E402

import khoi_analysis as ka  # noqa: E402
from khoi_analysis import config, structure  # noqa: E402
from khoi_analysis.build import build  # noqa: E402
from khoi_analysis.outputs.specs import chart_specs, draw, yearly_frames  # noqa: E402

CUSTOM = """\
tinh = "Tây Nguyên Thử"

[[co_quan]]
den_nam = 2020
ten = "Ban Cán sự Cũ tỉnh"
ten_ngan = "Ban Cán sự Cũ"
nghi_quyet = "Nghị quyết Đại hội Cũ"
toan_bo = "cả Ban Cũ"

[[co_quan]]
tu_nam = 2021
ten = "Đảng bộ Thử Nghiệm tỉnh"
ten_ngan = "Đảng ủy Thử Nghiệm"
nghi_quyet = "Nghị quyết Đại hội Thử Nghiệm"
toan_bo = "toàn Đảng bộ Thử Nghiệm"
"""
OLD_WORDS = ("Đảng ủy Khối", "Đảng bộ Khối", "toàn Khối", "Ban Cán sự Cũ", "cả Ban Cũ")
FULL = "Đảng bộ Thử Nghiệm tỉnh Tây Nguyên Thử"
REGIME = "Quy định số 132-QĐ/TW ngày 08/3/2018 của Bộ Chính trị"


@pytest.fixture(scope="module")
def custom_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("cfg") / "cau_hinh.toml"
    path.write_text(CUSTOM, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def custom_built(custom_file, tmp_path_factory):
    out = tmp_path_factory.mktemp("custom")
    assert build([SAMPLE_DIR], out, year=2021, progress=False, settings=custom_file)["status"] == "built"
    return out


def test_settings_by_period(custom_file):
    s = config.load_settings(custom_file)
    assert s.province == "Tây Nguyên Thử" and s.source == str(custom_file)
    assert s.committee(2019).short == "Ban Cán sự Cũ" and s.committee(2021).short == "Đảng ủy Thử Nghiệm"
    assert s.committee(2030).whole == "toàn Đảng bộ Thử Nghiệm" and s.committee(None).short == "Đảng ủy Thử Nghiệm"
    assert s.full_name(2021) == FULL
    d = config.DEFAULT_SETTINGS  # the names change with the 2025 reorganisation
    assert d.committee(2024).name == "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh"
    assert d.committee(2024).whole == "toàn Khối"
    assert d.committee(2025).name == "Đảng bộ Ủy ban nhân dân tỉnh" and d.committee(2026).whole == "toàn Đảng bộ"


def test_settings_found_beside_the_data_or_by_environment(custom_file, tmp_path, monkeypatch):
    monkeypatch.delenv(config.SETTINGS_ENV, raising=False)
    data = tmp_path / "du_lieu"
    data.mkdir()
    assert config.load_settings(None, [data]).source in (None, str(config.RAW_DIR / config.SETTINGS_FILE_NAME))
    (data / "cau_hinh.toml").write_text('tinh = "Bên Cạnh"\n', encoding="utf-8")
    assert config.load_settings(None, [data]).province == "Bên Cạnh"
    assert config.load_settings(None, [data / "tep.xlsx"]).province == "Bên Cạnh"  # a file's folder
    monkeypatch.setenv(config.SETTINGS_ENV, str(custom_file))
    assert config.load_settings(None, [data]).province == "Tây Nguyên Thử"  # the variable wins over the folder
    assert config.load_settings(data / "cau_hinh.toml", [data]).province == "Bên Cạnh"  # an explicit path wins


@pytest.mark.parametrize("text, said", [
    ("tinh = \n", "sai cú pháp TOML ở dòng 1"),
    ("ten = \"X\"\n", "không hiểu khóa ten"),
    ("[[co_quan]]\nten = \"X\"\n", "thiếu ten_ngan, nghi_quyet, toan_bo"),
    ("[[co_quan]]\nten = \"X\"\nten_ngan = \"Y\"\nnghi_quyet = \"Z\"\ntoan_bo = \"T\"\ntu_nam = \"2025\"\n",
     "tu_nam phải là một năm"),
])
def test_a_bad_settings_file_says_what_and_where(tmp_path, text, said):
    path = tmp_path / "cau_hinh.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=said) as err:
        config.load_settings(path)
    assert str(path) in str(err.value)


def _deck_texts(path):
    from pptx import Presentation

    out = []
    for slide in Presentation(path).slides:
        out += [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
        out.append(slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else "")
    return " ".join(out)


def _docx_text(path):
    import docx

    return " ".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_the_configured_name_and_the_regulation_appear_in_every_output(custom_built):
    texts = {
        "deck": _deck_texts(custom_built / "bao_cao_hoi_nghi_2021.pptx"),
        "word": _docx_text(custom_built / "bao_cao_2021.docx"),
        "paragraph": (custom_built / "doan_bao_cao_2021.txt").read_text(encoding="utf-8"),
        "markdown": (custom_built / "doan_bao_cao_2021.md").read_text(encoding="utf-8"),
        "summary": (custom_built / "tom_tat_2021.txt").read_text(encoding="utf-8"),
    }
    for where, text in texts.items():
        assert FULL in text or FULL.upper() in text or "Đảng ủy Thử Nghiệm" in text, where
        assert REGIME in text, where  # the year's regulation
        for old in OLD_WORDS:
            assert old not in text, (where, old)
    assert "Nghị quyết Đại hội Thử Nghiệm" in texts["paragraph"]
    assert "Đảng ủy Thử Nghiệm thực hiện" in texts["paragraph"]
    assert FULL.upper() in texts["word"] and FULL in texts["deck"] and FULL.upper() in texts["summary"]
    assert "Đánh giá, xếp loại theo " + REGIME in texts["deck"]  # the title slide's footer line


def _figure_texts(fig):
    return [t.get_text() for t in fig.findobj(Text) if t.get_text().strip()]


def test_every_chart_names_the_configured_committee(sample, custom_file):
    settings = config.load_settings(custom_file)
    specs = chart_specs(sample, 2021, settings=settings)
    assert len(specs) == 8
    for spec in specs:
        fig = draw(spec)
        texts = _figure_texts(fig)
        plt.close(fig)
        assert any(t == f"{ka.labels.SOURCE_LINE} {FULL}" for t in texts), spec.key  # the source line
        assert not [t for t in texts if any(old in t for old in OLD_WORDS)], spec.key
        assert not any(old in spec.takeaway for old in OLD_WORDS), spec.key
    ranking = next(s for s in specs if s.key == "ranking")
    assert "toàn Đảng bộ Thử Nghiệm" in ranking.takeaway
    fig = draw(ranking)
    assert any(t.startswith("toàn Đảng bộ Thử Nghiệm ") for t in _figure_texts(fig))
    plt.close(fig)


def test_the_default_names_follow_the_year(sample):
    s21 = ka.year_summary(sample, 2021)
    assert "Đảng ủy Khối thực hiện" in ka.report_paragraph(s21)
    s25 = dict(s21, year=2025)  # the same figures as if of 2025: the body and the regulation of 2025
    text = ka.report_paragraph(s25)
    assert "Đảng ủy thực hiện" in text and "Nghị quyết Đảng bộ đề ra" in text and "Khối" not in text
    assert "Quy định số 366-QĐ/TW" in text


def _breaks(ax):
    lines = [line for line in ax.lines if line.get_gid() == "structure_break"]
    labels_ = [t for t in ax.texts if t.get_gid() == "structure_break"]
    return [line.get_xdata()[0] for line in lines], [t.get_text() for t in labels_], [t.get_position()[0]
                                                                                       for t in labels_]


@pytest.mark.parametrize("plot, frame, x", [
    ("plot_rating_distribution", "orgs", 3.5),  # bars at 0…4 for 2017…2021: between 2020 and 2021
    ("plot_admissions", "admissions", 3.5),
    ("plot_shares_vs_targets", "series", 2020.5),  # a year axis: between the years themselves
])
def test_year_charts_mark_a_structural_break(sample, plot, frame, x):
    data = yearly_frames(sample)[frame]
    data = data[data["year"] <= 2021]
    with ka.use_style():
        fig, ax = plt.subplots()
        getattr(ka, plot)(data, breaks=[2021], ax=ax)
        xs, texts, text_xs = _breaks(ax)
        assert xs == [pytest.approx(x)] and texts == ["Sắp xếp tổ chức 2021"] and text_xs == [pytest.approx(x)]
        ax.clear()
        getattr(ka, plot)(data, breaks=[2030], ax=ax)  # a break outside the years drawn is not marked
        assert _breaks(ax) == ([], [], [])
        ax.clear()
        getattr(ka, plot)(data, ax=ax)
        assert _breaks(ax) == ([], [], [])
    plt.close(fig)


def test_specs_pass_the_lineage_breaks_to_the_charts(sample, monkeypatch):
    assert all(s.breaks == () for s in chart_specs(sample, 2021))  # without lineage: no break
    monkeypatch.setattr(structure, "structure_breaks", lambda ds: [2020])
    specs = {s.key: s for s in chart_specs(sample, 2021)}
    for key in ("org_distribution", "member_distribution", "shares_vs_targets", "admissions"):
        assert specs[key].breaks == (2020,), key
        fig = draw(specs[key])
        assert "Sắp xếp tổ chức 2020" in _figure_texts(fig), key
        plt.close(fig)
