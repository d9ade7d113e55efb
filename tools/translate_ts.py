#!/usr/bin/env python3
"""Fill in the Qt Linguist translations in i18n/tramontane_*.ts.

The translations live in this file as data: one dict per language, mapping an
English source string to its translation.  Where the same source string needs
different wording in different places, a (context, source) key overrides the
plain source key.  English uses the source text as its translation.

The .ts files are rewritten in place with careful text processing, so that
lupdate's layout (DOCTYPE, TS attributes, indentation) is kept exactly: only
the <translation> elements change.  Every finished translation loses
type="unfinished"; a source string without a translation here keeps
type="unfinished" and is reported, and the script then exits with status 1.

Usage:
    tools/translate_ts.py            # rewrite all four .ts files
    tools/translate_ts.py --check    # report only, change nothing
    tools/translate_ts.py ko ja      # only these languages

After adding strings in the sources, run lupdate on the .ts files, add the new
strings to the dicts below, and run this script again.
"""

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import escape, unescape

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "i18n"
LANGUAGES = ["en", "ko", "ja", "zh_CN"]

# Common terminology (keep consistent when adding strings):
#   conversation  대화 / 会話 / 对话          message       메시지 / メッセージ / 消息
#   model         모델 / モデル / 模型          preset        프리셋 / プリセット / 预设
#   guardrail     가드레일 / ガードレール / 护栏  system prompt 시스템 프롬프트 / システムプロンプト / 系统提示词
#   sampling      샘플링 / サンプリング / 采样    temperature   온도 / 温度 / 温度
#   context       컨텍스트 / コンテキスト / 上下文  (sliding) window  윈도우 / ウィンドウ / 窗口
#   token         토큰 / トークン / token        answer        답변 / 回答 / 回答
#   load (model)  불러오기 / 読み込み / 加载      regenerate    다시 생성 / 再生成 / 重新生成
#   history database  기록 데이터베이스 / 履歴データベース / 历史记录数据库
#   built-in      기본 제공 / 組み込み / 内置     pin           고정 / 固定 / 置顶
#   import/export 가져오기·내보내기 / インポート・エクスポート / 导入・导出
# Menu accelerators in CJK use the conventional trailing form: 파일(&F).

KO = {
    # ChatJson
    "must be a string": "문자열이어야 합니다",
    "is longer than %1 characters": "%1자를 넘습니다",
    "must be true or false": "true 또는 false여야 합니다",
    "must be a whole number from 0 to 2^53": "0에서 2^53 사이의 정수여야 합니다",
    "must be a time like 2024-05-01T12:00:00.000Z": "2024-05-01T12:00:00.000Z 형식의 시각이어야 합니다",
    "must be an object": "객체여야 합니다",
    "must be an array": "배열이어야 합니다",
    "is too large": "너무 큽니다",
    "%1: '%2' %3": "%1: '%2' 값은 %3",
    "%1: must be an object": "%1: 객체여야 합니다",
    "repeats an earlier message id": "앞의 메시지 ID와 중복됩니다",
    "refers to message %1, which does not come earlier": "앞에 나오지 않는 메시지 %1을(를) 가리킵니다",
    'must be "system", "user" or "assistant"': '"system", "user", "assistant" 중 하나여야 합니다',
    "is not a known stop reason": "알 수 없는 중지 이유입니다",
    "%1: 'messages' must be an array": "%1: 'messages'는 배열이어야 합니다",
    "%1: more than %2 messages": "%1: 메시지가 %2개를 넘습니다",
    "%1: more than %2 messages in the file": "%1: 파일의 메시지가 %2개를 넘습니다",
    "%1, message %2": "%1, 메시지 %2",
    "refers to message %1, which is not in this conversation": "이 대화에 없는 메시지 %1을(를) 가리킵니다",
    "%1: the file is larger than %2 MiB": "%1: 파일이 %2MiB보다 큽니다",
    "%1: not valid JSON at byte %2: %3": "%1: %2바이트 위치의 JSON이 올바르지 않습니다: %3",
    "%1: the top level must be a JSON object": "%1: 최상위 값은 JSON 객체여야 합니다",
    "%1: not a Tramontane chat export ('format' is not \"%2\")":
        "%1: Tramontane 대화 내보내기 파일이 아닙니다('format' 값이 \"%2\"이(가) 아님)",
    "%1: made by a newer Tramontane (format version %2; this one reads %3)":
        "%1: 더 새로운 Tramontane에서 만든 파일입니다(형식 버전 %2, 이 버전이 읽는 형식 버전 %3)",
    "%1: unsupported format version": "%1: 지원하지 않는 형식 버전입니다",
    "%1: 'conversations' must be an array": "%1: 'conversations'는 배열이어야 합니다",
    "%1: more than %2 conversations": "%1: 대화가 %2개를 넘습니다",
    "%1: conversation %2": "%1: 대화 %2",
    # ChatStore
    "%1: %2: %3": "%1: %2: %3",
    "the history database is not open": "기록 데이터베이스가 열려 있지 않습니다",
    "%1: the history database was used from a thread that did not open it":
        "%1: 기록 데이터베이스를 연 스레드가 아닌 다른 스레드에서 사용했습니다",
    "%1: cannot create the folder %2": "%1: 폴더 %2을(를) 만들 수 없습니다",
    "%1 gave '%2' (expected '%3')": "%1의 결과가 '%2'입니다('%3'이어야 함)",
    "%1: cannot open the history database: %2": "%1: 기록 데이터베이스를 열 수 없습니다: %2",
    "%1: cannot read the history database: %2": "%1: 기록 데이터베이스를 읽을 수 없습니다: %2",
    "%1: cannot switch to WAL journaling: %2": "%1: WAL 저널링으로 전환할 수 없습니다: %2",
    "%1: cannot set synchronous=FULL: %2": "%1: synchronous=FULL을 설정할 수 없습니다: %2",
    "%1: cannot enable foreign keys: %2": "%1: 외래 키를 활성화할 수 없습니다: %2",
    "%1: foreign keys are not available: %2": "%1: 외래 키를 사용할 수 없습니다: %2",
    "cannot create the conversation": "대화를 만들 수 없습니다",
    "the title is too long": "제목이 너무 깁니다",
    "cannot read the conversation": "대화를 읽을 수 없습니다",
    "there is no conversation %1": "대화 %1이(가) 없습니다",
    "cannot list the conversations": "대화 목록을 가져올 수 없습니다",
    "cannot rename the conversation": "대화 이름을 바꿀 수 없습니다",
    "cannot pin the conversation": "대화를 고정할 수 없습니다",
    "cannot set the conversation's preset": "대화의 프리셋을 설정할 수 없습니다",
    "cannot set the conversation's model": "대화의 모델을 설정할 수 없습니다",
    "cannot delete the conversation": "대화를 삭제할 수 없습니다",
    "cannot restore the conversation": "대화를 복원할 수 없습니다",
    "cannot purge deleted conversations": "삭제된 대화를 영구 삭제할 수 없습니다",
    "there is no message %1": "메시지 %1이(가) 없습니다",
    "cannot save the message": "메시지를 저장할 수 없습니다",
    "the message is too long": "메시지가 너무 깁니다",
    "conversation %1 is deleted": "대화 %1은(는) 삭제되었습니다",
    "cannot save the edited message": "편집한 메시지를 저장할 수 없습니다",
    "message %1 is not a user message": "메시지 %1은(는) 사용자 메시지가 아닙니다",
    "cannot read the message": "메시지를 읽을 수 없습니다",
    "cannot read the messages": "메시지 목록을 읽을 수 없습니다",
    "cannot show the branch": "분기를 표시할 수 없습니다",
    "cannot save the moderation verdict": "검토 결과를 저장할 수 없습니다",
    "cannot start the answer": "답변을 시작할 수 없습니다",
    "cannot save the answer": "답변을 저장할 수 없습니다",
    "message %1 is not streaming": "메시지 %1은(는) 생성 중이 아닙니다",
    "the answer is too long": "답변이 너무 깁니다",
    "a finished answer needs a stop reason": "완료된 답변에는 중지 이유가 필요합니다",
    "cannot recover interrupted answers": "중단된 답변을 복구할 수 없습니다",
    "negative token count or seed": "토큰 수 또는 시드가 음수입니다",
    "message %1 is not an answer": "메시지 %1은(는) 답변이 아닙니다",
    "cannot search": "검색할 수 없습니다",
    "System": "시스템",
    "You": "나",
    "Assistant": "어시스턴트",
    "still being written": "작성 중",
    "cut at the token limit": "토큰 한도에서 잘림",
    "context full": "컨텍스트 가득 참",
    "stopped": "중지됨",
    "ended by an error": "오류로 종료됨",
    "interrupted": "중단됨",
    "*Created %1; last changed %2.*": "*만든 날짜: %1, 마지막 변경: %2*",
    "preset: %1": "프리셋: %1",
    "cannot import the conversations": "대화를 가져올 수 없습니다",
    "%1: cannot read: %2": "%1: 읽을 수 없습니다: %2",
    # PresetStore
    "None": "없음",
    "Mistral guardrail": "Mistral 가드레일",
    "Llama 2 safety prompt": "Llama 2 안전 프롬프트",
    "%1: cannot read the preset": "%1: 프리셋을 읽을 수 없습니다",
    "%1: not a valid preset file": "%1: 올바른 프리셋 파일이 아닙니다",
    "the built-in presets are missing from this build": "이 빌드에 기본 제공 프리셋이 없습니다",
    "%1: cannot read the presets: %2": "%1: 프리셋을 읽을 수 없습니다: %2",
    "there is no preset '%1'": "프리셋 '%1'이(가) 없습니다",
    "a preset needs a name": "프리셋에는 이름이 필요합니다",
    "the preset name is longer than %1 characters": "프리셋 이름이 %1자를 넘습니다",
    "the preset text is longer than %1 characters": "프리셋 텍스트가 %1자를 넘습니다",
    "a preset named '%1' already exists": "이름이 '%1'인 프리셋이 이미 있습니다",
    "no free name for the preset '%1'": "프리셋 '%1'에 사용할 수 있는 이름이 없습니다",
    "%1: cannot save the preset: %2": "%1: 프리셋을 저장할 수 없습니다: %2",
    "the built-in preset '%1' cannot be changed; duplicate it":
        "기본 제공 프리셋 '%1'은(는) 변경할 수 없습니다. 복제해서 사용하세요",
    "%1 (copy)": "%1 (사본)",
    "the built-in preset '%1' cannot be deleted": "기본 제공 프리셋 '%1'은(는) 삭제할 수 없습니다",
    "%1: cannot delete the preset: %2": "%1: 프리셋을 삭제할 수 없습니다: %2",
    "%1: not a Tramontane preset file": "%1: Tramontane 프리셋 파일이 아닙니다",
    "%1: unsupported preset file version": "%1: 지원하지 않는 프리셋 파일 버전입니다",
    "%1: 'presets' must be an array": "%1: 'presets'는 배열이어야 합니다",
    "%1: more than %2 presets": "%1: 프리셋이 %2개를 넘습니다",
    "%1: preset %2": "%1: 프리셋 %2",
    "%1: needs string fields 'name' and 'text'": "%1: 문자열 필드 'name'과 'text'가 필요합니다",
    "%1: the name must have 1 to %2 characters": "%1: 이름은 1~%2자여야 합니다",
    "%1: the text is longer than %2 characters": "%1: 텍스트가 %2자를 넘습니다",
    "%1: cannot import presets: %2": "%1: 프리셋을 가져올 수 없습니다: %2",
    # SchemaMigrations
    "%1: cannot read the schema version: %2": "%1: 스키마 버전을 읽을 수 없습니다: %2",
    "%1: the history database has schema version %2, newer than this version of Tramontane supports (%3); use a newer Tramontane":
        "%1: 기록 데이터베이스의 스키마 버전(%2)이 이 버전의 Tramontane이 지원하는 버전(%3)보다 새롭습니다. 더 새로운 Tramontane을 사용하세요",
    "%1: invalid schema version %2": "%1: 잘못된 스키마 버전 %2",
    "%1: cannot read the database: %2": "%1: 데이터베이스를 읽을 수 없습니다: %2",
    "%1: not a Tramontane history database (it has tables but no schema version)":
        "%1: Tramontane 기록 데이터베이스가 아닙니다(테이블은 있지만 스키마 버전이 없음)",
    "%1: cannot prepare the migration: %2": "%1: 마이그레이션을 준비할 수 없습니다: %2",
    "%1: no migration from schema version %2 to %3": "%1: 스키마 버전 %2에서 %3(으)로 마이그레이션할 방법이 없습니다",
    "%1: migration to schema version %2 failed: %3": "%1: 스키마 버전 %2(으)로 마이그레이션하지 못했습니다: %3",
    # main
    "Local chat with Mistral-family models": "Mistral 계열 모델과 로컬에서 대화",
    "Keep the history and settings in DIR instead of the user's data folder.":
        "기록과 설정을 사용자 데이터 폴더 대신 DIR에 저장합니다.",
    "Load the model at PATH (.gguf or a folder) at start.": "시작할 때 PATH의 모델(.gguf 또는 폴더)을 불러옵니다.",
    "Interface language: en, ko, ja or zh_CN.": "인터페이스 언어: en, ko, ja 또는 zh_CN.",
    "Tramontane": "Tramontane",
    # ChatFlow / ChatView / Composer
    "No model is loaded. Open a model first (File > Open model file…).":
        "불러온 모델이 없습니다. 먼저 모델을 여세요(파일 > 모델 파일 열기…).",
    "The engine is busy. Wait for it or press Stop.": "엔진이 사용 중입니다. 기다리거나 중지를 누르세요.",
    "Only an answer can be regenerated.": "답변만 다시 생성할 수 있습니다.",
    "The conversation changed; try again.": "대화가 바뀌었습니다. 다시 시도하세요.",
    "No messages yet. Write below to start the conversation.": "아직 메시지가 없습니다. 아래에 입력해 대화를 시작하세요.",
    "Write a message (Enter sends, Shift+Enter for a new line)": "메시지 입력(Enter: 보내기, Shift+Enter: 줄 바꿈)",
    "Stop": "중지",
    "Send": "보내기",
    "Stop the answer": "답변 중지",
    "Send the message": "메시지 보내기",
    # ConversationListModel / ConversationPanel
    "New conversation": "새 대화",
    "Deleted “%1”": "“%1” 삭제됨",
    "No messages match “%1”.": "“%1”과(와) 일치하는 메시지가 없습니다.",
    "Rename": "이름 바꾸기",
    "Unpin": "고정 해제",
    "Pin to top": "맨 위에 고정",
    "Delete": "삭제",
    "Search all conversations": "모든 대화 검색",
    "New": "새로 만들기",
    "Start a new conversation": "새 대화 시작",
    "Undo": "실행 취소",
    # EngineWorker / LoadIndicator
    "Loading %1 was cancelled.": "%1 불러오기가 취소되었습니다.",
    "Reading %1…": "%1 읽는 중…",
    "Reading %1 and preparing the GPU…": "%1 읽고 GPU 준비 중…",
    "Starting the model…": "모델 시작 중…",
    "No model is loaded.": "불러온 모델이 없습니다.",
    "A conversation turn cannot be a system message.": "대화 턴은 시스템 메시지일 수 없습니다.",
    "Loading %1…": "%1 불러오는 중…",
    "Loading %1: %2": "%1 불러오는 중: %2",
    "Cancel": "취소",
    # MainWindow
    "History": "기록",
    "Model loaded: %1": "모델 불러옴: %1",
    "Loading cancelled": "불러오기 취소됨",
    "Could not open the model": "모델을 열 수 없습니다",
    "The model was unloaded; open it again to go on.": "모델이 언로드되었습니다. 계속하려면 다시 여세요.",
    "The answer failed": "답변을 생성하지 못했습니다",
    "Open model": "모델 열기",
    "The engine is busy. Stop the answer first.": "엔진이 사용 중입니다. 먼저 답변을 중지하세요.",
    "Open model file": "모델 파일 열기",
    "GGUF models (*.gguf);;All files (*)": "GGUF 모델 (*.gguf);;모든 파일 (*)",
    "Open model folder (config.json, *.safetensors, tokenizer.model)":
        "모델 폴더 열기(config.json, *.safetensors, tokenizer.model)",
    "No recent models": "최근 모델 없음",
    "Clear the list": "목록 지우기",
    "Guardrail presets": "가드레일 프리셋",
    "No system prompt": "시스템 프롬프트 없음",
    "No model": "모델 없음",
    "Regenerate": "다시 생성",
    "Edit message": "메시지 편집",
    "The message is sent again; the old version is kept.": "메시지를 다시 보냅니다. 이전 버전은 유지됩니다.",
    "No translation for this language was found; English is shown.":
        "이 언어의 번역을 찾을 수 없어 영어로 표시합니다.",
    "Guardrail:": "가드레일:",
    "The system prompt put before this conversation": "이 대화 앞에 넣는 시스템 프롬프트",
    "Presets…": "프리셋…",
    "Sampling…": "샘플링…",
    "&File": "파일(&F)",
    "&New conversation": "새 대화(&N)",
    "&Open model file…": "모델 파일 열기(&O)…",
    "Open model &folder…": "모델 폴더 열기(&F)…",
    "&Recent models": "최근 모델(&R)",
    "&Quit": "종료(&Q)",
    "&Chat": "대화(&C)",
    "&Regenerate last answer": "마지막 답변 다시 생성(&R)",
    "&Stop": "중지(&S)",
    "S&ampling settings…": "샘플링 설정(&A)…",
    "&Guardrail presets…": "가드레일 프리셋(&G)…",
    "&Settings": "설정(&S)",
    "&Tools": "도구(&T)",
    "&Preferences…": "환경설정(&P)…",
    # MessageBubble
    "Assistant · %1": "어시스턴트 · %1",
    "writing…": "작성 중…",
    "token limit reached": "토큰 한도 도달",
    "failed": "실패",
    "Copy": "복사",
    "Copy the message": "메시지 복사",
    "Copy code": "코드 복사",
    "Copy the code blocks of the message": "메시지의 코드 블록 복사",
    "Edit": "편집",
    "Edit the message and send it again (the old version is kept)": "메시지를 편집해 다시 보내기(이전 버전은 유지됨)",
    "Write this answer again (the old answer is kept)": "이 답변을 다시 생성(이전 답변은 유지됨)",
    "Previous version": "이전 버전",
    "Next version": "다음 버전",
    # HistoryTransfer, File menu: export and import
    "%1: cannot write the file: %2": "%1: 파일을 쓸 수 없습니다: %2",
    "Markdown (*.md)": "Markdown (*.md)",
    "Tramontane JSON, every branch (*.json)": "Tramontane JSON, 모든 분기 포함 (*.json)",
    "Export conversation": "대화 내보내기",
    "Export all conversations": "모든 대화 내보내기",
    "Export failed": "내보내기 실패",
    "Import conversations": "대화 가져오기",
    "Tramontane JSON (*.json)": "Tramontane JSON (*.json)",
    "Import failed": "가져오기 실패",
    "&Export conversation…": "대화 내보내기(&E)…",
    "Export &all conversations…": "모든 대화 내보내기(&A)…",
    "&Import conversations…": "대화 가져오기(&I)…",
    # PresetEditorDialog
    "The system prompt given to the model (empty: none)": "모델에 주는 시스템 프롬프트(비워 두면 없음)",
    "Save": "저장",
    "Duplicate": "복제",
    "Import…": "가져오기…",
    "Export…": "내보내기…",
    "Name": "이름",
    "System prompt": "시스템 프롬프트",
    "%1 (built-in)": "%1 (기본 제공)",
    "New preset": "새 프리셋",
    "New preset %1": "새 프리셋 %1",
    "Delete preset": "프리셋 삭제",
    "Delete the preset “%1”?": "프리셋 “%1”을(를) 삭제할까요?",
    "Import presets": "프리셋 가져오기",
    "Preset files (*.json);;All files (*)": "프리셋 파일 (*.json);;모든 파일 (*)",
    "Export preset": "프리셋 내보내기",
    "Preset files (*.json)": "프리셋 파일 (*.json)",
    "Could not write %1: %2": "%1에 쓸 수 없습니다: %2",
    # SamplingDialog
    "Sampling settings": "샘플링 설정",
    "0 always picks the most likely token": "0이면 항상 가장 가능성이 높은 토큰을 고릅니다",
    "1 turns top-p off": "1이면 Top-p를 끕니다",
    "off": "끔",
    "random": "무작위",
    "Stop at the context limit": "컨텍스트 한도에서 중지",
    "Temperature": "온도",
    "Top-p": "Top-p",
    "Top-k": "Top-k",
    "Max tokens": "최대 토큰 수",
    "Seed": "시드",
    "Stops at the context limit": "컨텍스트 한도에서 중지합니다",
    "Sliding window: older tokens leave the window": "슬라이딩 윈도우: 오래된 토큰은 윈도우에서 빠집니다",
    "The model sees only the last %1 tokens; the conversation can go on past the context limit.":
        "모델은 마지막 %1개 토큰만 봅니다. 대화는 컨텍스트 한도를 넘어 계속할 수 있습니다.",
    # SettingsDialog
    "Settings": "설정",
    "System language (%1)": "시스템 언어(%1)",
    "Language": "언어",
    # StatusPanel
    "No model loaded": "불러온 모델 없음",
    "CUDA": "CUDA",
    "CPU": "CPU",
    "%1 tokens/s": "%1 토큰/초",
    "Context: %1 used, window %2, limit %3": "컨텍스트: %1 사용, 윈도우 %2, 한도 %3",
    "Context: %1 of %2": "컨텍스트: %1 / %2",
    "This model attends to the last %1 tokens (sliding window).":
        "이 모델은 마지막 %1개 토큰만 참조합니다(슬라이딩 윈도우).",
}

JA = {
    # ChatJson
    "must be a string": "文字列である必要があります",
    "is longer than %1 characters": "%1 文字を超えています",
    "must be true or false": "true または false である必要があります",
    "must be a whole number from 0 to 2^53": "0 から 2^53 までの整数である必要があります",
    "must be a time like 2024-05-01T12:00:00.000Z": "2024-05-01T12:00:00.000Z の形式の日時である必要があります",
    "must be an object": "オブジェクトである必要があります",
    "must be an array": "配列である必要があります",
    "is too large": "大きすぎます",
    "%1: '%2' %3": "%1: '%2' は%3",
    "%1: must be an object": "%1: オブジェクトである必要があります",
    "repeats an earlier message id": "前のメッセージ ID と重複しています",
    "refers to message %1, which does not come earlier": "前にないメッセージ %1 を参照しています",
    'must be "system", "user" or "assistant"': '"system"、"user"、"assistant" のいずれかである必要があります',
    "is not a known stop reason": "不明な停止理由です",
    "%1: 'messages' must be an array": "%1: 'messages' は配列である必要があります",
    "%1: more than %2 messages": "%1: メッセージが %2 件を超えています",
    "%1: more than %2 messages in the file": "%1: ファイル内のメッセージが %2 件を超えています",
    "%1, message %2": "%1、メッセージ %2",
    "refers to message %1, which is not in this conversation": "この会話にないメッセージ %1 を参照しています",
    "%1: the file is larger than %2 MiB": "%1: ファイルが %2 MiB を超えています",
    "%1: not valid JSON at byte %2: %3": "%1: バイト %2 の位置で JSON が正しくありません: %3",
    "%1: the top level must be a JSON object": "%1: 最上位は JSON オブジェクトである必要があります",
    "%1: not a Tramontane chat export ('format' is not \"%2\")":
        "%1: Tramontane の会話エクスポートではありません ('format' が \"%2\" ではありません)",
    "%1: made by a newer Tramontane (format version %2; this one reads %3)":
        "%1: 新しい Tramontane で作成されています (形式バージョン %2、このバージョンで読めるのは %3)",
    "%1: unsupported format version": "%1: サポートされていない形式バージョンです",
    "%1: 'conversations' must be an array": "%1: 'conversations' は配列である必要があります",
    "%1: more than %2 conversations": "%1: 会話が %2 件を超えています",
    "%1: conversation %2": "%1: 会話 %2",
    # ChatStore
    "%1: %2: %3": "%1: %2: %3",
    "the history database is not open": "履歴データベースが開かれていません",
    "%1: the history database was used from a thread that did not open it":
        "%1: 履歴データベースを開いたスレッドとは別のスレッドから使用されました",
    "%1: cannot create the folder %2": "%1: フォルダー %2 を作成できません",
    "%1 gave '%2' (expected '%3')": "%1 の結果が '%2' でした ('%3' を想定)",
    "%1: cannot open the history database: %2": "%1: 履歴データベースを開けません: %2",
    "%1: cannot read the history database: %2": "%1: 履歴データベースを読み取れません: %2",
    "%1: cannot switch to WAL journaling: %2": "%1: WAL ジャーナリングに切り替えられません: %2",
    "%1: cannot set synchronous=FULL: %2": "%1: synchronous=FULL を設定できません: %2",
    "%1: cannot enable foreign keys: %2": "%1: 外部キーを有効にできません: %2",
    "%1: foreign keys are not available: %2": "%1: 外部キーを使用できません: %2",
    "cannot create the conversation": "会話を作成できません",
    "the title is too long": "タイトルが長すぎます",
    "cannot read the conversation": "会話を読み取れません",
    "there is no conversation %1": "会話 %1 は存在しません",
    "cannot list the conversations": "会話の一覧を取得できません",
    "cannot rename the conversation": "会話の名前を変更できません",
    "cannot pin the conversation": "会話を固定できません",
    "cannot set the conversation's preset": "会話のプリセットを設定できません",
    "cannot set the conversation's model": "会話のモデルを設定できません",
    "cannot delete the conversation": "会話を削除できません",
    "cannot restore the conversation": "会話を復元できません",
    "cannot purge deleted conversations": "削除済みの会話を完全に削除できません",
    "there is no message %1": "メッセージ %1 は存在しません",
    "cannot save the message": "メッセージを保存できません",
    "the message is too long": "メッセージが長すぎます",
    "conversation %1 is deleted": "会話 %1 は削除されています",
    "cannot save the edited message": "編集したメッセージを保存できません",
    "message %1 is not a user message": "メッセージ %1 はユーザーのメッセージではありません",
    "cannot read the message": "メッセージを読み取れません",
    "cannot read the messages": "メッセージ一覧を読み取れません",
    "cannot show the branch": "ブランチを表示できません",
    "cannot save the moderation verdict": "モデレーションの判定を保存できません",
    "cannot start the answer": "回答を開始できません",
    "cannot save the answer": "回答を保存できません",
    "message %1 is not streaming": "メッセージ %1 は生成中ではありません",
    "the answer is too long": "回答が長すぎます",
    "a finished answer needs a stop reason": "完了した回答には停止理由が必要です",
    "cannot recover interrupted answers": "中断された回答を復旧できません",
    "negative token count or seed": "トークン数またはシードが負の値です",
    "message %1 is not an answer": "メッセージ %1 は回答ではありません",
    "cannot search": "検索できません",
    "System": "システム",
    "You": "あなた",
    "Assistant": "アシスタント",
    "still being written": "生成中",
    "cut at the token limit": "トークン上限で打ち切り",
    "context full": "コンテキストが満杯",
    "stopped": "停止済み",
    "ended by an error": "エラーで終了",
    "interrupted": "中断",
    "*Created %1; last changed %2.*": "*作成: %1、最終更新: %2*",
    "preset: %1": "プリセット: %1",
    "cannot import the conversations": "会話をインポートできません",
    "%1: cannot read: %2": "%1: 読み取れません: %2",
    # PresetStore
    "None": "なし",
    "Mistral guardrail": "Mistral ガードレール",
    "Llama 2 safety prompt": "Llama 2 安全プロンプト",
    "%1: cannot read the preset": "%1: プリセットを読み取れません",
    "%1: not a valid preset file": "%1: 有効なプリセットファイルではありません",
    "the built-in presets are missing from this build": "このビルドには組み込みプリセットが含まれていません",
    "%1: cannot read the presets: %2": "%1: プリセットを読み取れません: %2",
    "there is no preset '%1'": "プリセット '%1' は存在しません",
    "a preset needs a name": "プリセットには名前が必要です",
    "the preset name is longer than %1 characters": "プリセット名が %1 文字を超えています",
    "the preset text is longer than %1 characters": "プリセットのテキストが %1 文字を超えています",
    "a preset named '%1' already exists": "'%1' という名前のプリセットは既に存在します",
    "no free name for the preset '%1'": "プリセット '%1' に使える名前がありません",
    "%1: cannot save the preset: %2": "%1: プリセットを保存できません: %2",
    "the built-in preset '%1' cannot be changed; duplicate it":
        "組み込みプリセット '%1' は変更できません。複製して使用してください",
    "%1 (copy)": "%1 (コピー)",
    "the built-in preset '%1' cannot be deleted": "組み込みプリセット '%1' は削除できません",
    "%1: cannot delete the preset: %2": "%1: プリセットを削除できません: %2",
    "%1: not a Tramontane preset file": "%1: Tramontane のプリセットファイルではありません",
    "%1: unsupported preset file version": "%1: サポートされていないプリセットファイルのバージョンです",
    "%1: 'presets' must be an array": "%1: 'presets' は配列である必要があります",
    "%1: more than %2 presets": "%1: プリセットが %2 件を超えています",
    "%1: preset %2": "%1: プリセット %2",
    "%1: needs string fields 'name' and 'text'": "%1: 文字列フィールド 'name' と 'text' が必要です",
    "%1: the name must have 1 to %2 characters": "%1: 名前は 1～%2 文字である必要があります",
    "%1: the text is longer than %2 characters": "%1: テキストが %2 文字を超えています",
    "%1: cannot import presets: %2": "%1: プリセットをインポートできません: %2",
    # SchemaMigrations
    "%1: cannot read the schema version: %2": "%1: スキーマバージョンを読み取れません: %2",
    "%1: the history database has schema version %2, newer than this version of Tramontane supports (%3); use a newer Tramontane":
        "%1: 履歴データベースのスキーマバージョン %2 は、このバージョンの Tramontane がサポートするバージョン (%3) より新しいです。新しい Tramontane を使用してください",
    "%1: invalid schema version %2": "%1: 無効なスキーマバージョン %2",
    "%1: cannot read the database: %2": "%1: データベースを読み取れません: %2",
    "%1: not a Tramontane history database (it has tables but no schema version)":
        "%1: Tramontane の履歴データベースではありません (テーブルはありますが、スキーマバージョンがありません)",
    "%1: cannot prepare the migration: %2": "%1: 移行を準備できません: %2",
    "%1: no migration from schema version %2 to %3": "%1: スキーマバージョン %2 から %3 への移行がありません",
    "%1: migration to schema version %2 failed: %3": "%1: スキーマバージョン %2 への移行に失敗しました: %3",
    # main
    "Local chat with Mistral-family models": "Mistral 系モデルとローカルで会話",
    "Keep the history and settings in DIR instead of the user's data folder.":
        "履歴と設定をユーザーデータフォルダーではなく DIR に保存します。",
    "Load the model at PATH (.gguf or a folder) at start.": "起動時に PATH のモデル (.gguf またはフォルダー) を読み込みます。",
    "Interface language: en, ko, ja or zh_CN.": "インターフェイスの言語: en、ko、ja、zh_CN のいずれか。",
    "Tramontane": "Tramontane",
    # ChatFlow / ChatView / Composer
    "No model is loaded. Open a model first (File > Open model file…).":
        "モデルが読み込まれていません。先にモデルを開いてください (ファイル > モデルファイルを開く…)。",
    "The engine is busy. Wait for it or press Stop.": "エンジンが処理中です。完了を待つか、[停止] を押してください。",
    "Only an answer can be regenerated.": "再生成できるのは回答だけです。",
    "The conversation changed; try again.": "会話が変更されました。もう一度お試しください。",
    "No messages yet. Write below to start the conversation.": "まだメッセージはありません。下に入力して会話を始めましょう。",
    "Write a message (Enter sends, Shift+Enter for a new line)": "メッセージを入力 (Enter で送信、Shift+Enter で改行)",
    "Stop": "停止",
    "Send": "送信",
    "Stop the answer": "回答を停止",
    "Send the message": "メッセージを送信",
    # ConversationListModel / ConversationPanel
    "New conversation": "新しい会話",
    "Deleted “%1”": "「%1」を削除しました",
    "No messages match “%1”.": "「%1」に一致するメッセージはありません。",
    "Rename": "名前を変更",
    "Unpin": "固定を解除",
    "Pin to top": "先頭に固定",
    "Delete": "削除",
    "Search all conversations": "すべての会話を検索",
    "New": "新規",
    "Start a new conversation": "新しい会話を開始",
    "Undo": "元に戻す",
    # EngineWorker / LoadIndicator
    "Loading %1 was cancelled.": "%1 の読み込みをキャンセルしました。",
    "Reading %1…": "%1 を読み取り中…",
    "Reading %1 and preparing the GPU…": "%1 を読み取り、GPU を準備中…",
    "Starting the model…": "モデルを起動中…",
    "No model is loaded.": "モデルが読み込まれていません。",
    "A conversation turn cannot be a system message.": "会話のターンをシステムメッセージにすることはできません。",
    "Loading %1…": "%1 を読み込み中…",
    "Loading %1: %2": "%1 を読み込み中: %2",
    "Cancel": "キャンセル",
    # MainWindow
    "History": "履歴",
    "Model loaded: %1": "モデルを読み込みました: %1",
    "Loading cancelled": "読み込みをキャンセルしました",
    "Could not open the model": "モデルを開けませんでした",
    "The model was unloaded; open it again to go on.": "モデルがアンロードされました。続けるにはもう一度開いてください。",
    "The answer failed": "回答の生成に失敗しました",
    "Open model": "モデルを開く",
    "The engine is busy. Stop the answer first.": "エンジンが処理中です。先に回答を停止してください。",
    "Open model file": "モデルファイルを開く",
    "GGUF models (*.gguf);;All files (*)": "GGUF モデル (*.gguf);;すべてのファイル (*)",
    "Open model folder (config.json, *.safetensors, tokenizer.model)":
        "モデルフォルダーを開く (config.json、*.safetensors、tokenizer.model)",
    "No recent models": "最近使ったモデルはありません",
    "Clear the list": "一覧をクリア",
    "Guardrail presets": "ガードレールプリセット",
    "No system prompt": "システムプロンプトなし",
    "No model": "モデルなし",
    "Regenerate": "再生成",
    "Edit message": "メッセージを編集",
    "The message is sent again; the old version is kept.": "メッセージを再送信します。以前のバージョンは残ります。",
    "No translation for this language was found; English is shown.":
        "この言語の翻訳が見つからないため、英語で表示します。",
    "Guardrail:": "ガードレール:",
    "The system prompt put before this conversation": "この会話の前に置くシステムプロンプト",
    "Presets…": "プリセット…",
    "Sampling…": "サンプリング…",
    "&File": "ファイル(&F)",
    "&New conversation": "新しい会話(&N)",
    "&Open model file…": "モデルファイルを開く(&O)…",
    "Open model &folder…": "モデルフォルダーを開く(&F)…",
    "&Recent models": "最近使ったモデル(&R)",
    "&Quit": "終了(&Q)",
    "&Chat": "会話(&C)",
    "&Regenerate last answer": "最後の回答を再生成(&R)",
    "&Stop": "停止(&S)",
    "S&ampling settings…": "サンプリング設定(&A)…",
    "&Guardrail presets…": "ガードレールプリセット(&G)…",
    "&Settings": "設定(&S)",
    "&Tools": "ツール(&T)",
    "&Preferences…": "環境設定(&P)…",
    # MessageBubble
    "Assistant · %1": "アシスタント · %1",
    "writing…": "生成中…",
    "token limit reached": "トークン上限に到達",
    "failed": "失敗",
    "Copy": "コピー",
    "Copy the message": "メッセージをコピー",
    "Copy code": "コードをコピー",
    "Copy the code blocks of the message": "メッセージのコードブロックをコピー",
    "Edit": "編集",
    "Edit the message and send it again (the old version is kept)": "メッセージを編集して再送信 (以前のバージョンは残ります)",
    "Write this answer again (the old answer is kept)": "この回答を再生成 (以前の回答は残ります)",
    "Previous version": "前のバージョン",
    "Next version": "次のバージョン",
    # HistoryTransfer, File menu: export and import
    "%1: cannot write the file: %2": "%1: ファイルに書き込めません: %2",
    "Markdown (*.md)": "Markdown (*.md)",
    "Tramontane JSON, every branch (*.json)": "Tramontane JSON、すべてのブランチを含む (*.json)",
    "Export conversation": "会話のエクスポート",
    "Export all conversations": "すべての会話のエクスポート",
    "Export failed": "エクスポートに失敗しました",
    "Import conversations": "会話のインポート",
    "Tramontane JSON (*.json)": "Tramontane JSON (*.json)",
    "Import failed": "インポートに失敗しました",
    "&Export conversation…": "会話をエクスポート(&E)…",
    "Export &all conversations…": "すべての会話をエクスポート(&A)…",
    "&Import conversations…": "会話をインポート(&I)…",
    # PresetEditorDialog
    "The system prompt given to the model (empty: none)": "モデルに渡すシステムプロンプト (空欄: なし)",
    "Save": "保存",
    "Duplicate": "複製",
    "Import…": "インポート…",
    "Export…": "エクスポート…",
    "Name": "名前",
    "System prompt": "システムプロンプト",
    "%1 (built-in)": "%1 (組み込み)",
    "New preset": "新しいプリセット",
    "New preset %1": "新しいプリセット %1",
    "Delete preset": "プリセットの削除",
    "Delete the preset “%1”?": "プリセット「%1」を削除しますか？",
    "Import presets": "プリセットのインポート",
    "Preset files (*.json);;All files (*)": "プリセットファイル (*.json);;すべてのファイル (*)",
    "Export preset": "プリセットのエクスポート",
    "Preset files (*.json)": "プリセットファイル (*.json)",
    "Could not write %1: %2": "%1 に書き込めませんでした: %2",
    # SamplingDialog
    "Sampling settings": "サンプリング設定",
    "0 always picks the most likely token": "0 にすると常に最も確率の高いトークンを選びます",
    "1 turns top-p off": "1 にすると Top-p がオフになります",
    "off": "オフ",
    "random": "ランダム",
    "Stop at the context limit": "コンテキストの上限で停止",
    "Temperature": "温度",
    "Top-p": "Top-p",
    "Top-k": "Top-k",
    "Max tokens": "最大トークン数",
    "Seed": "シード",
    "Stops at the context limit": "コンテキストの上限で停止します",
    "Sliding window: older tokens leave the window": "スライディングウィンドウ: 古いトークンはウィンドウから外れます",
    "The model sees only the last %1 tokens; the conversation can go on past the context limit.":
        "モデルは直近の %1 トークンだけを参照します。会話はコンテキストの上限を超えて続けられます。",
    # SettingsDialog
    "Settings": "設定",
    "System language (%1)": "システムの言語 (%1)",
    "Language": "言語",
    # StatusPanel
    "No model loaded": "モデル未読み込み",
    "CUDA": "CUDA",
    "CPU": "CPU",
    "%1 tokens/s": "%1 トークン/秒",
    "Context: %1 used, window %2, limit %3": "コンテキスト: %1 使用、ウィンドウ %2、上限 %3",
    "Context: %1 of %2": "コンテキスト: %1 / %2",
    "This model attends to the last %1 tokens (sliding window).":
        "このモデルは直近の %1 トークンのみを参照します (スライディングウィンドウ)。",
}

ZH_CN = {
    # ChatJson
    "must be a string": "必须是字符串",
    "is longer than %1 characters": "超过 %1 个字符",
    "must be true or false": "必须是 true 或 false",
    "must be a whole number from 0 to 2^53": "必须是 0 到 2^53 之间的整数",
    "must be a time like 2024-05-01T12:00:00.000Z": "必须是形如 2024-05-01T12:00:00.000Z 的时间",
    "must be an object": "必须是对象",
    "must be an array": "必须是数组",
    "is too large": "过大",
    "%1: '%2' %3": "%1: '%2' %3",
    "%1: must be an object": "%1: 必须是对象",
    "repeats an earlier message id": "与前面的消息 ID 重复",
    "refers to message %1, which does not come earlier": "引用的消息 %1 未在前面出现",
    'must be "system", "user" or "assistant"': '必须是 "system"、"user" 或 "assistant"',
    "is not a known stop reason": "不是已知的停止原因",
    "%1: 'messages' must be an array": "%1: 'messages' 必须是数组",
    "%1: more than %2 messages": "%1: 消息超过 %2 条",
    "%1: more than %2 messages in the file": "%1: 文件中的消息超过 %2 条",
    "%1, message %2": "%1，消息 %2",
    "refers to message %1, which is not in this conversation": "引用的消息 %1 不在此对话中",
    "%1: the file is larger than %2 MiB": "%1: 文件大于 %2 MiB",
    "%1: not valid JSON at byte %2: %3": "%1: 第 %2 字节处不是有效的 JSON: %3",
    "%1: the top level must be a JSON object": "%1: 顶层必须是 JSON 对象",
    "%1: not a Tramontane chat export ('format' is not \"%2\")":
        "%1: 不是 Tramontane 对话导出文件（'format' 不是 \"%2\"）",
    "%1: made by a newer Tramontane (format version %2; this one reads %3)":
        "%1: 由较新版本的 Tramontane 创建（格式版本 %2；此版本可读取 %3）",
    "%1: unsupported format version": "%1: 不支持的格式版本",
    "%1: 'conversations' must be an array": "%1: 'conversations' 必须是数组",
    "%1: more than %2 conversations": "%1: 对话超过 %2 个",
    "%1: conversation %2": "%1: 对话 %2",
    # ChatStore
    "%1: %2: %3": "%1: %2: %3",
    "the history database is not open": "历史记录数据库未打开",
    "%1: the history database was used from a thread that did not open it":
        "%1: 历史记录数据库被并非打开它的线程使用",
    "%1: cannot create the folder %2": "%1: 无法创建文件夹 %2",
    "%1 gave '%2' (expected '%3')": "%1 返回了 '%2'（应为 '%3'）",
    "%1: cannot open the history database: %2": "%1: 无法打开历史记录数据库: %2",
    "%1: cannot read the history database: %2": "%1: 无法读取历史记录数据库: %2",
    "%1: cannot switch to WAL journaling: %2": "%1: 无法切换到 WAL 日志模式: %2",
    "%1: cannot set synchronous=FULL: %2": "%1: 无法设置 synchronous=FULL: %2",
    "%1: cannot enable foreign keys: %2": "%1: 无法启用外键: %2",
    "%1: foreign keys are not available: %2": "%1: 外键不可用: %2",
    "cannot create the conversation": "无法创建对话",
    "the title is too long": "标题过长",
    "cannot read the conversation": "无法读取对话",
    "there is no conversation %1": "对话 %1 不存在",
    "cannot list the conversations": "无法列出对话",
    "cannot rename the conversation": "无法重命名对话",
    "cannot pin the conversation": "无法置顶对话",
    "cannot set the conversation's preset": "无法设置对话的预设",
    "cannot set the conversation's model": "无法设置对话的模型",
    "cannot delete the conversation": "无法删除对话",
    "cannot restore the conversation": "无法恢复对话",
    "cannot purge deleted conversations": "无法彻底清除已删除的对话",
    "there is no message %1": "消息 %1 不存在",
    "cannot save the message": "无法保存消息",
    "the message is too long": "消息过长",
    "conversation %1 is deleted": "对话 %1 已删除",
    "cannot save the edited message": "无法保存编辑后的消息",
    "message %1 is not a user message": "消息 %1 不是用户消息",
    "cannot read the message": "无法读取消息",
    "cannot read the messages": "无法读取消息列表",
    "cannot show the branch": "无法显示分支",
    "cannot save the moderation verdict": "无法保存审核结果",
    "cannot start the answer": "无法开始回答",
    "cannot save the answer": "无法保存回答",
    "message %1 is not streaming": "消息 %1 不在生成中",
    "the answer is too long": "回答过长",
    "a finished answer needs a stop reason": "已完成的回答需要停止原因",
    "cannot recover interrupted answers": "无法恢复中断的回答",
    "negative token count or seed": "token 数或种子为负数",
    "message %1 is not an answer": "消息 %1 不是回答",
    "cannot search": "无法搜索",
    "System": "系统",
    "You": "你",
    "Assistant": "助手",
    "still being written": "正在生成",
    "cut at the token limit": "达到 token 上限而截断",
    "context full": "上下文已满",
    "stopped": "已停止",
    "ended by an error": "因错误而结束",
    "interrupted": "已中断",
    "*Created %1; last changed %2.*": "*创建于 %1；最后修改于 %2。*",
    "preset: %1": "预设：%1",
    "cannot import the conversations": "无法导入对话",
    "%1: cannot read: %2": "%1: 无法读取: %2",
    # PresetStore
    "None": "无",
    "Mistral guardrail": "Mistral 护栏",
    "Llama 2 safety prompt": "Llama 2 安全提示词",
    "%1: cannot read the preset": "%1: 无法读取预设",
    "%1: not a valid preset file": "%1: 不是有效的预设文件",
    "the built-in presets are missing from this build": "此版本缺少内置预设",
    "%1: cannot read the presets: %2": "%1: 无法读取预设: %2",
    "there is no preset '%1'": "预设 '%1' 不存在",
    "a preset needs a name": "预设需要名称",
    "the preset name is longer than %1 characters": "预设名称超过 %1 个字符",
    "the preset text is longer than %1 characters": "预设文本超过 %1 个字符",
    "a preset named '%1' already exists": "名为 '%1' 的预设已存在",
    "no free name for the preset '%1'": "找不到可用于预设 '%1' 的名称",
    "%1: cannot save the preset: %2": "%1: 无法保存预设: %2",
    "the built-in preset '%1' cannot be changed; duplicate it":
        "内置预设 '%1' 无法更改；请创建副本",
    "%1 (copy)": "%1（副本）",
    "the built-in preset '%1' cannot be deleted": "内置预设 '%1' 无法删除",
    "%1: cannot delete the preset: %2": "%1: 无法删除预设: %2",
    "%1: not a Tramontane preset file": "%1: 不是 Tramontane 预设文件",
    "%1: unsupported preset file version": "%1: 不支持的预设文件版本",
    "%1: 'presets' must be an array": "%1: 'presets' 必须是数组",
    "%1: more than %2 presets": "%1: 预设超过 %2 个",
    "%1: preset %2": "%1: 预设 %2",
    "%1: needs string fields 'name' and 'text'": "%1: 需要字符串字段 'name' 和 'text'",
    "%1: the name must have 1 to %2 characters": "%1: 名称必须为 1 到 %2 个字符",
    "%1: the text is longer than %2 characters": "%1: 文本超过 %2 个字符",
    "%1: cannot import presets: %2": "%1: 无法导入预设: %2",
    # SchemaMigrations
    "%1: cannot read the schema version: %2": "%1: 无法读取架构版本: %2",
    "%1: the history database has schema version %2, newer than this version of Tramontane supports (%3); use a newer Tramontane":
        "%1: 历史记录数据库的架构版本为 %2，高于此版本 Tramontane 支持的版本（%3）；请使用较新版本的 Tramontane",
    "%1: invalid schema version %2": "%1: 无效的架构版本 %2",
    "%1: cannot read the database: %2": "%1: 无法读取数据库: %2",
    "%1: not a Tramontane history database (it has tables but no schema version)":
        "%1: 不是 Tramontane 历史记录数据库（有数据表但没有架构版本）",
    "%1: cannot prepare the migration: %2": "%1: 无法准备迁移: %2",
    "%1: no migration from schema version %2 to %3": "%1: 没有从架构版本 %2 到 %3 的迁移",
    "%1: migration to schema version %2 failed: %3": "%1: 迁移到架构版本 %2 失败: %3",
    # main
    "Local chat with Mistral-family models": "与 Mistral 系列模型进行本地对话",
    "Keep the history and settings in DIR instead of the user's data folder.":
        "将历史记录和设置保存在 DIR 中，而不是用户数据文件夹中。",
    "Load the model at PATH (.gguf or a folder) at start.": "启动时加载 PATH 处的模型（.gguf 文件或文件夹）。",
    "Interface language: en, ko, ja or zh_CN.": "界面语言：en、ko、ja 或 zh_CN。",
    "Tramontane": "Tramontane",
    # ChatFlow / ChatView / Composer
    "No model is loaded. Open a model first (File > Open model file…).":
        "未加载模型。请先打开模型（文件 > 打开模型文件…）。",
    "The engine is busy. Wait for it or press Stop.": "引擎正忙。请等待或点击“停止”。",
    "Only an answer can be regenerated.": "只能重新生成回答。",
    "The conversation changed; try again.": "对话已更改，请重试。",
    "No messages yet. Write below to start the conversation.": "还没有消息。在下方输入内容即可开始对话。",
    "Write a message (Enter sends, Shift+Enter for a new line)": "输入消息（Enter 发送，Shift+Enter 换行）",
    "Stop": "停止",
    "Send": "发送",
    "Stop the answer": "停止回答",
    "Send the message": "发送消息",
    # ConversationListModel / ConversationPanel
    "New conversation": "新对话",
    "Deleted “%1”": "已删除“%1”",
    "No messages match “%1”.": "没有与“%1”匹配的消息。",
    "Rename": "重命名",
    "Unpin": "取消置顶",
    "Pin to top": "置顶",
    "Delete": "删除",
    "Search all conversations": "搜索所有对话",
    "New": "新建",
    "Start a new conversation": "开始新对话",
    "Undo": "撤销",
    # EngineWorker / LoadIndicator
    "Loading %1 was cancelled.": "已取消加载 %1。",
    "Reading %1…": "正在读取 %1…",
    "Reading %1 and preparing the GPU…": "正在读取 %1 并准备 GPU…",
    "Starting the model…": "正在启动模型…",
    "No model is loaded.": "未加载模型。",
    "A conversation turn cannot be a system message.": "对话轮次不能是系统消息。",
    "Loading %1…": "正在加载 %1…",
    "Loading %1: %2": "正在加载 %1：%2",
    "Cancel": "取消",
    # MainWindow
    "History": "历史记录",
    "Model loaded: %1": "已加载模型：%1",
    "Loading cancelled": "已取消加载",
    "Could not open the model": "无法打开模型",
    "The model was unloaded; open it again to go on.": "模型已卸载；请重新打开以继续。",
    "The answer failed": "回答生成失败",
    "Open model": "打开模型",
    "The engine is busy. Stop the answer first.": "引擎正忙。请先停止回答。",
    "Open model file": "打开模型文件",
    "GGUF models (*.gguf);;All files (*)": "GGUF 模型 (*.gguf);;所有文件 (*)",
    "Open model folder (config.json, *.safetensors, tokenizer.model)":
        "打开模型文件夹（config.json、*.safetensors、tokenizer.model）",
    "No recent models": "没有最近使用的模型",
    "Clear the list": "清除列表",
    "Guardrail presets": "护栏预设",
    "No system prompt": "无系统提示词",
    "No model": "无模型",
    "Regenerate": "重新生成",
    "Edit message": "编辑消息",
    "The message is sent again; the old version is kept.": "消息将重新发送；旧版本会保留。",
    "No translation for this language was found; English is shown.":
        "未找到此语言的翻译；将显示英文。",
    "Guardrail:": "护栏：",
    "The system prompt put before this conversation": "放在此对话之前的系统提示词",
    "Presets…": "预设…",
    "Sampling…": "采样…",
    "&File": "文件(&F)",
    "&New conversation": "新对话(&N)",
    "&Open model file…": "打开模型文件(&O)…",
    "Open model &folder…": "打开模型文件夹(&F)…",
    "&Recent models": "最近使用的模型(&R)",
    "&Quit": "退出(&Q)",
    "&Chat": "对话(&C)",
    "&Regenerate last answer": "重新生成上一个回答(&R)",
    "&Stop": "停止(&S)",
    "S&ampling settings…": "采样设置(&A)…",
    "&Guardrail presets…": "护栏预设(&G)…",
    "&Settings": "设置(&S)",
    "&Tools": "工具(&T)",
    "&Preferences…": "首选项(&P)…",
    # MessageBubble
    "Assistant · %1": "助手 · %1",
    "writing…": "正在生成…",
    "token limit reached": "已达到 token 上限",
    "failed": "失败",
    "Copy": "复制",
    "Copy the message": "复制消息",
    "Copy code": "复制代码",
    "Copy the code blocks of the message": "复制消息中的代码块",
    "Edit": "编辑",
    "Edit the message and send it again (the old version is kept)": "编辑消息并重新发送（保留旧版本）",
    "Write this answer again (the old answer is kept)": "重新生成此回答（保留旧回答）",
    "Previous version": "上一版本",
    "Next version": "下一版本",
    # HistoryTransfer, File menu: export and import
    "%1: cannot write the file: %2": "%1: 无法写入文件: %2",
    "Markdown (*.md)": "Markdown (*.md)",
    "Tramontane JSON, every branch (*.json)": "Tramontane JSON，包含所有分支 (*.json)",
    "Export conversation": "导出对话",
    "Export all conversations": "导出所有对话",
    "Export failed": "导出失败",
    "Import conversations": "导入对话",
    "Tramontane JSON (*.json)": "Tramontane JSON (*.json)",
    "Import failed": "导入失败",
    "&Export conversation…": "导出对话(&E)…",
    "Export &all conversations…": "导出所有对话(&A)…",
    "&Import conversations…": "导入对话(&I)…",
    # PresetEditorDialog
    "The system prompt given to the model (empty: none)": "提供给模型的系统提示词（留空：无）",
    "Save": "保存",
    "Duplicate": "创建副本",
    "Import…": "导入…",
    "Export…": "导出…",
    "Name": "名称",
    "System prompt": "系统提示词",
    "%1 (built-in)": "%1（内置）",
    "New preset": "新预设",
    "New preset %1": "新预设 %1",
    "Delete preset": "删除预设",
    "Delete the preset “%1”?": "要删除预设“%1”吗？",
    "Import presets": "导入预设",
    "Preset files (*.json);;All files (*)": "预设文件 (*.json);;所有文件 (*)",
    "Export preset": "导出预设",
    "Preset files (*.json)": "预设文件 (*.json)",
    "Could not write %1: %2": "无法写入 %1：%2",
    # SamplingDialog
    "Sampling settings": "采样设置",
    "0 always picks the most likely token": "为 0 时始终选择可能性最大的 token",
    "1 turns top-p off": "为 1 时关闭 Top-p",
    "off": "关闭",
    "random": "随机",
    "Stop at the context limit": "在上下文上限处停止",
    "Temperature": "温度",
    "Top-p": "Top-p",
    "Top-k": "Top-k",
    "Max tokens": "最大 token 数",
    "Seed": "种子",
    "Stops at the context limit": "将在上下文上限处停止",
    "Sliding window: older tokens leave the window": "滑动窗口：较早的 token 会移出窗口",
    "The model sees only the last %1 tokens; the conversation can go on past the context limit.":
        "模型只能看到最后 %1 个 token；对话可以超出上下文上限继续进行。",
    # SettingsDialog
    "Settings": "设置",
    "System language (%1)": "系统语言（%1）",
    "Language": "语言",
    # StatusPanel
    "No model loaded": "未加载模型",
    "CUDA": "CUDA",
    "CPU": "CPU",
    "%1 tokens/s": "%1 token/秒",
    "Context: %1 used, window %2, limit %3": "上下文：已用 %1，窗口 %2，上限 %3",
    "Context: %1 of %2": "上下文：%1 / %2",
    "This model attends to the last %1 tokens (sliding window).":
        "此模型只关注最后 %1 个 token（滑动窗口）。",
}

# Wording that depends on where a string appears: (context, source) -> text.
OVERRIDES = {
    "ko": {
        # The button beside the conversation list only ever starts a conversation.
        ("tramontane::gui::ConversationPanel", "New"): "새 대화",
    },
    "ja": {},
    "zh_CN": {},
}

TABLES = {"ko": KO, "ja": JA, "zh_CN": ZH_CN}

PLACEHOLDER = re.compile(r"%(?:L?\d{1,2}|n)")
ACCELERATOR = re.compile(r"&(?=[^&\s])")

MESSAGE = re.compile(r"(<message(?:\s[^>]*)?>)(.*?)(</message>)", re.S)
CONTEXT = re.compile(r"<context>\s*<name>(.*?)</name>(.*?)</context>", re.S)
SOURCE = re.compile(r"<source>(.*?)</source>", re.S)
TRANSLATION = re.compile(r"<translation(?:\s[^>]*)?(?:/>|>.*?</translation>)", re.S)
ENTITIES = {"&quot;": '"', "&apos;": "'"}


def xml_text(s):
    return unescape(s, ENTITIES)


def xml_escape(s):
    # Same escapes as lupdate uses for <source>.
    return escape(s, {'"': "&quot;", "'": "&apos;"})


def lookup(lang, context, source):
    if lang == "en":
        return source
    return OVERRIDES[lang].get((context, source), TABLES[lang].get(source))


def problems(source, text):
    """Reasons a translation does not fit its source (empty list when fine)."""
    out = []
    if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
        out.append("placeholders %s vs %s" % (sorted(PLACEHOLDER.findall(source)),
                                              sorted(PLACEHOLDER.findall(text))))
    if len(ACCELERATOR.findall(source)) != len(ACCELERATOR.findall(text)):
        out.append("accelerator count differs")
    for tag in re.findall(r"</?[A-Za-z][^>]*>", source):
        if tag not in text:
            out.append("HTML tag %s missing" % tag)
    if source[:1].isspace() != text[:1].isspace() or source[-1:].isspace() != text[-1:].isspace():
        out.append("leading/trailing space differs")
    if source.endswith("…") != text.endswith("…"):
        out.append("ellipsis differs")
    return out


def process(lang, write):
    path = I18N / ("tramontane_%s.ts" % lang)
    data = path.read_text(encoding="utf-8")
    stats = {"messages": 0, "finished": 0, "missing": [], "bad": [], "seen": set()}

    def do_message(m, context):
        open_tag, body, close_tag = m.groups()
        stats["messages"] += 1
        if "numerus=" in open_tag:
            stats["missing"].append((context, "(numerus form not supported) " + body.strip()[:60]))
            return m.group(0)
        source = xml_text(SOURCE.search(body).group(1))
        stats["seen"].update([source, (context, source)])
        text = lookup(lang, context, source)
        if text is None:
            stats["missing"].append((context, source))
            new = '<translation type="unfinished"></translation>'
        else:
            bad = problems(source, text)
            if bad:
                stats["bad"].append((context, source, text, bad))
            stats["finished"] += 1
            new = "<translation>%s</translation>" % xml_escape(text)
        if TRANSLATION.search(body):
            body = TRANSLATION.sub(lambda _: new, body, count=1)
        else:
            body = body.replace("</source>", "</source>\n        " + new, 1)
        return open_tag + body + close_tag

    def do_context(c):
        context = xml_text(c.group(1))
        rest = MESSAGE.sub(lambda m: do_message(m, context), c.group(2))
        return c.group(0)[: c.start(2) - c.start(0)] + rest + "</context>"

    out = CONTEXT.sub(do_context, data)
    ET.fromstring(out.encode("utf-8"))  # still well-formed XML
    if write and out != data:
        path.write_text(out, encoding="utf-8")
    return path, stats


def main(argv):
    write = "--check" not in argv
    langs = [a for a in argv if not a.startswith("-")] or LANGUAGES
    failed = False
    for lang in langs:
        if lang not in LANGUAGES:
            sys.exit("unknown language %r (have %s)" % (lang, ", ".join(LANGUAGES)))
        path, st = process(lang, write)
        print("%s: %d messages, %d translated, %d missing, %d with problems%s"
              % (path.relative_to(ROOT), st["messages"], st["finished"], len(st["missing"]),
                 len(st["bad"]), "" if write else " (not written)"))
        for context, source in st["missing"]:
            print("  missing [%s] %r" % (context, source))
        for context, source, text, bad in st["bad"]:
            print("  problem [%s] %r -> %r: %s" % (context, source, text, "; ".join(bad)))
        if lang != "en":
            # Entries that match no source string any more: harmless, but worth knowing.
            for key in sorted(set(TABLES[lang]) | set(OVERRIDES[lang]), key=str):
                if key not in st["seen"]:
                    print("  unused entry %r" % (key,))
        failed |= bool(st["missing"] or st["bad"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
