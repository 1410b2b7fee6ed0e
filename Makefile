# khoi_analysis — `make help` lists the targets. Only python3 is needed on a fresh machine.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

## setup: tạo .venv và cài gói kèm phần dev (create .venv, install the package with the dev extra)
setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

## charts: dựng tất cả (kiểm tra, tóm tắt, biểu đồ) từ data/raw vào data/processed; NAM=2021 cho một năm khác
##         năm mới nhất (TU_NAM=2017 để bắt đầu từ năm đó; DU_LIEU=data/raw/2021 để chỉ dùng thư mục đó)
NAM ?=
TU_NAM ?=
DU_LIEU ?= data/raw
charts: setup
	$(BIN)/khoi-analysis build $(DU_LIEU) --out data/processed $(if $(NAM),--year $(NAM)) $(if $(TU_NAM),--from $(TU_NAM))

## test: chạy toàn bộ kiểm thử (pytest), kể cả chạy các notebook
test: setup
	$(BIN)/python -m pytest -q

## sample: sinh lại bộ dữ liệu mẫu data/raw/mau từ script (deterministic)
sample: setup
	$(BIN)/python scripts/make_sample_data.py data/raw/mau data/examples
	$(BIN)/khoi-analysis template templates/mau_bao_cao_xep_loai.xlsx

## lab: cài JupyterLab (phần notebooks) và mở thư mục notebooks/
lab: setup
	$(BIN)/python -m pip install --quiet -e ".[notebooks]"
	$(BIN)/jupyter lab notebooks/

## bench: chạy benchmark (thời gian, bộ nhớ) và in bảng kết quả
bench: setup
	$(BIN)/python benchmarks/run.py --sizes 100000 1000000 --runs 5 --national 5000000 | tee benchmarks/latest.md
	$(BIN)/python benchmarks/per_tccs.py --rounds 3 | tee -a benchmarks/latest.md
	$(BIN)/python benchmarks/build_sample.py --rounds 3 | tee -a benchmarks/latest.md

## lint: kiểm tra mã nguồn bằng ruff
lint: setup
	$(BIN)/ruff check khoi_analysis tests scripts benchmarks

## clean: xoá mọi thứ đã sinh trong data/processed và bộ nhớ đệm (giữ data/raw)
clean:
	find data/processed -mindepth 1 ! -name .gitkeep ! -name README.md -exec rm -rf {} +
	rm -rf .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

## help: liệt kê các lệnh make
help:
	@echo "Các lệnh (make <lệnh>):"
	@grep -E '^## ' $(MAKEFILE_LIST) | sed -e 's/^## /  /'

.PHONY: setup charts test sample lab bench lint clean help
