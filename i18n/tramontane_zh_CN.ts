<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ChatJson</name>
    <message>
        <source>must be a string</source>
        <translation>必须是字符串</translation>
    </message>
    <message>
        <source>is longer than %1 characters</source>
        <translation>超过 %1 个字符</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>必须是 true 或 false</translation>
    </message>
    <message>
        <source>must be a whole number from 0 to 2^53</source>
        <translation>必须是 0 到 2^53 之间的整数</translation>
    </message>
    <message>
        <source>must be a time like 2024-05-01T12:00:00.000Z</source>
        <translation>必须是形如 2024-05-01T12:00:00.000Z 的时间</translation>
    </message>
    <message>
        <source>must be an object</source>
        <translation>必须是对象</translation>
    </message>
    <message>
        <source>must be an array</source>
        <translation>必须是数组</translation>
    </message>
    <message>
        <source>is too large</source>
        <translation>过大</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; %3</source>
        <translation>%1: &apos;%2&apos; %3</translation>
    </message>
    <message>
        <source>%1: must be an object</source>
        <translation>%1: 必须是对象</translation>
    </message>
    <message>
        <source>repeats an earlier message id</source>
        <translation>与前面的消息 ID 重复</translation>
    </message>
    <message>
        <source>refers to message %1, which does not come earlier</source>
        <translation>引用的消息 %1 未在前面出现</translation>
    </message>
    <message>
        <source>must be &quot;system&quot;, &quot;user&quot; or &quot;assistant&quot;</source>
        <translation>必须是 &quot;system&quot;、&quot;user&quot; 或 &quot;assistant&quot;</translation>
    </message>
    <message>
        <source>is not a known stop reason</source>
        <translation>不是已知的停止原因</translation>
    </message>
    <message>
        <source>%1: &apos;messages&apos; must be an array</source>
        <translation>%1: &apos;messages&apos; 必须是数组</translation>
    </message>
    <message>
        <source>%1: more than %2 messages</source>
        <translation>%1: 消息超过 %2 条</translation>
    </message>
    <message>
        <source>%1: more than %2 messages in the file</source>
        <translation>%1: 文件中的消息超过 %2 条</translation>
    </message>
    <message>
        <source>%1, message %2</source>
        <translation>%1，消息 %2</translation>
    </message>
    <message>
        <source>refers to message %1, which is not in this conversation</source>
        <translation>引用的消息 %1 不在此对话中</translation>
    </message>
    <message>
        <source>%1: the file is larger than %2 MiB</source>
        <translation>%1: 文件大于 %2 MiB</translation>
    </message>
    <message>
        <source>%1: not valid JSON at byte %2: %3</source>
        <translation>%1: 第 %2 字节处不是有效的 JSON: %3</translation>
    </message>
    <message>
        <source>%1: the top level must be a JSON object</source>
        <translation>%1: 顶层必须是 JSON 对象</translation>
    </message>
    <message>
        <source>%1: not a Tramontane chat export (&apos;format&apos; is not &quot;%2&quot;)</source>
        <translation>%1: 不是 Tramontane 对话导出文件（&apos;format&apos; 不是 &quot;%2&quot;）</translation>
    </message>
    <message>
        <source>%1: made by a newer Tramontane (format version %2; this one reads %3)</source>
        <translation>%1: 由较新版本的 Tramontane 创建（格式版本 %2；此版本可读取 %3）</translation>
    </message>
    <message>
        <source>%1: unsupported format version</source>
        <translation>%1: 不支持的格式版本</translation>
    </message>
    <message>
        <source>%1: &apos;conversations&apos; must be an array</source>
        <translation>%1: &apos;conversations&apos; 必须是数组</translation>
    </message>
    <message>
        <source>%1: more than %2 conversations</source>
        <translation>%1: 对话超过 %2 个</translation>
    </message>
    <message>
        <source>%1: conversation %2</source>
        <translation>%1: 对话 %2</translation>
    </message>
    <message>
        <source>is not valid Unicode (an unpaired surrogate)</source>
        <translation>不是有效的 Unicode（未配对的代理项）</translation>
    </message>
</context>
<context>
    <name>ChatStore</name>
    <message>
        <source>%1: %2: %3</source>
        <translation>%1: %2: %3</translation>
    </message>
    <message>
        <source>the history database is not open</source>
        <translation>历史记录数据库未打开</translation>
    </message>
    <message>
        <source>%1: the history database was used from a thread that did not open it</source>
        <translation>%1: 历史记录数据库被并非打开它的线程使用</translation>
    </message>
    <message>
        <source>%1: cannot create the folder %2</source>
        <translation>%1: 无法创建文件夹 %2</translation>
    </message>
    <message>
        <source>%1 gave &apos;%2&apos; (expected &apos;%3&apos;)</source>
        <translation>%1 返回了 &apos;%2&apos;（应为 &apos;%3&apos;）</translation>
    </message>
    <message>
        <source>%1: cannot open the history database: %2</source>
        <translation>%1: 无法打开历史记录数据库: %2</translation>
    </message>
    <message>
        <source>%1: cannot read the history database: %2</source>
        <translation>%1: 无法读取历史记录数据库: %2</translation>
    </message>
    <message>
        <source>%1: cannot switch to WAL journaling: %2</source>
        <translation>%1: 无法切换到 WAL 日志模式: %2</translation>
    </message>
    <message>
        <source>%1: cannot set synchronous=FULL: %2</source>
        <translation>%1: 无法设置 synchronous=FULL: %2</translation>
    </message>
    <message>
        <source>%1: cannot enable foreign keys: %2</source>
        <translation>%1: 无法启用外键: %2</translation>
    </message>
    <message>
        <source>%1: foreign keys are not available: %2</source>
        <translation>%1: 外键不可用: %2</translation>
    </message>
    <message>
        <source>cannot create the conversation</source>
        <translation>无法创建对话</translation>
    </message>
    <message>
        <source>the title is too long</source>
        <translation>标题过长</translation>
    </message>
    <message>
        <source>cannot read the conversation</source>
        <translation>无法读取对话</translation>
    </message>
    <message>
        <source>there is no conversation %1</source>
        <translation>对话 %1 不存在</translation>
    </message>
    <message>
        <source>cannot list the conversations</source>
        <translation>无法列出对话</translation>
    </message>
    <message>
        <source>cannot rename the conversation</source>
        <translation>无法重命名对话</translation>
    </message>
    <message>
        <source>cannot pin the conversation</source>
        <translation>无法置顶对话</translation>
    </message>
    <message>
        <source>cannot set the conversation&apos;s preset</source>
        <translation>无法设置对话的预设</translation>
    </message>
    <message>
        <source>cannot set the conversation&apos;s model</source>
        <translation>无法设置对话的模型</translation>
    </message>
    <message>
        <source>cannot delete the conversation</source>
        <translation>无法删除对话</translation>
    </message>
    <message>
        <source>cannot restore the conversation</source>
        <translation>无法恢复对话</translation>
    </message>
    <message>
        <source>cannot purge deleted conversations</source>
        <translation>无法彻底清除已删除的对话</translation>
    </message>
    <message>
        <source>there is no message %1</source>
        <translation>消息 %1 不存在</translation>
    </message>
    <message>
        <source>cannot save the message</source>
        <translation>无法保存消息</translation>
    </message>
    <message>
        <source>the message is too long</source>
        <translation>消息过长</translation>
    </message>
    <message>
        <source>conversation %1 is deleted</source>
        <translation>对话 %1 已删除</translation>
    </message>
    <message>
        <source>cannot save the edited message</source>
        <translation>无法保存编辑后的消息</translation>
    </message>
    <message>
        <source>message %1 is not a user message</source>
        <translation>消息 %1 不是用户消息</translation>
    </message>
    <message>
        <source>cannot read the message</source>
        <translation>无法读取消息</translation>
    </message>
    <message>
        <source>cannot read the messages</source>
        <translation>无法读取消息列表</translation>
    </message>
    <message>
        <source>cannot show the branch</source>
        <translation>无法显示分支</translation>
    </message>
    <message>
        <source>cannot save the moderation verdict</source>
        <translation>无法保存审核结果</translation>
    </message>
    <message>
        <source>cannot start the answer</source>
        <translation>无法开始回答</translation>
    </message>
    <message>
        <source>cannot save the answer</source>
        <translation>无法保存回答</translation>
    </message>
    <message>
        <source>message %1 is not streaming</source>
        <translation>消息 %1 不在生成中</translation>
    </message>
    <message>
        <source>the answer is too long</source>
        <translation>回答过长</translation>
    </message>
    <message>
        <source>a finished answer needs a stop reason</source>
        <translation>已完成的回答需要停止原因</translation>
    </message>
    <message>
        <source>cannot recover interrupted answers</source>
        <translation>无法恢复中断的回答</translation>
    </message>
    <message>
        <source>cannot search</source>
        <translation>无法搜索</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>still being written</source>
        <translation>正在生成</translation>
    </message>
    <message>
        <source>cut at the token limit</source>
        <translation>达到 token 上限而截断</translation>
    </message>
    <message>
        <source>context full</source>
        <translation>上下文已满</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>ended by an error</source>
        <translation>因错误而结束</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>*Created %1; last changed %2.*</source>
        <translation>*创建于 %1；最后修改于 %2。*</translation>
    </message>
    <message>
        <source>preset: %1</source>
        <translation>预设：%1</translation>
    </message>
    <message>
        <source>cannot import the conversations</source>
        <translation>无法导入对话</translation>
    </message>
    <message>
        <source>%1: cannot read: %2</source>
        <translation>%1: 无法读取: %2</translation>
    </message>
    <message>
        <source>%1: the file is larger than %2 MiB</source>
        <translation>%1: 文件大于 %2 MiB</translation>
    </message>
    <message>
        <source>negative token count or seed</source>
        <translation>token 数或种子为负数</translation>
    </message>
    <message>
        <source>message %1 is not an answer</source>
        <translation>消息 %1 不是回答</translation>
    </message>
</context>
<context>
    <name>DamagedHistoryDialog</name>
    <message>
        <source>Damaged chat history</source>
        <translation>聊天记录已损坏</translation>
    </message>
    <message>
        <source>The chat history file is damaged and cannot be opened:
%1</source>
        <translation>聊天记录文件已损坏,无法打开:
%1</translation>
    </message>
    <message>
        <source>Tramontane can keep the damaged file under a new name beside it (nothing is deleted) and start with an empty history; backups are in the backups folder next to it. Or quit and leave the file as it is.</source>
        <translation>Tramontane 可以将损坏的文件以新名称保留在原处(不删除任何内容),并以空记录开始;备份位于旁边的 backups 文件夹中。也可以退出,保持文件不变。</translation>
    </message>
    <message>
        <source>Keep a copy and start fresh</source>
        <translation>保留副本并重新开始</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>HistorySafety</name>
    <message>
        <source>%1: cannot rename the damaged history to %2</source>
        <translation>%1: 无法将损坏的记录重命名为 %2</translation>
    </message>
    <message>
        <source>%1: cannot move %2 aside</source>
        <translation>%1: 无法移走 %2</translation>
    </message>
    <message>
        <source>%1: cannot create the backup folder</source>
        <translation>%1: 无法创建备份文件夹</translation>
    </message>
    <message>
        <source>%1: cannot write the backup %2: %3</source>
        <translation>%1: 无法写入备份 %2: %3</translation>
    </message>
    <message>
        <source>%1: cannot replace the backup</source>
        <translation>%1: 无法替换备份</translation>
    </message>
    <message>
        <source>%1: cannot write the backup</source>
        <translation>%1: 无法写入备份</translation>
    </message>
    <message>
        <source>%1: cannot remove an old backup</source>
        <translation>%1: 无法删除旧备份</translation>
    </message>
</context>
<context>
    <name>ModerationStore</name>
    <message>
        <source>%1: cannot save the moderation run: %2</source>
        <translation>%1: 无法保存审核运行: %2</translation>
    </message>
    <message>
        <source>%1: cannot save the moderation results: %2</source>
        <translation>%1: 无法保存审核结果: %2</translation>
    </message>
    <message>
        <source>%1: cannot read the moderation runs: %2</source>
        <translation>%1: 无法读取审核运行: %2</translation>
    </message>
    <message>
        <source>there is no moderation run %1</source>
        <translation>没有审核运行 %1</translation>
    </message>
    <message>
        <source>%1: cannot read the moderation results: %2</source>
        <translation>%1：无法读取审核结果：%2</translation>
    </message>
    <message>
        <source>%1: cannot delete the moderation run: %2</source>
        <translation>%1：无法删除审核运行：%2</translation>
    </message>
</context>
<context>
    <name>PresetStore</name>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Mistral guardrail</source>
        <translation>Mistral 护栏</translation>
    </message>
    <message>
        <source>Llama 2 safety prompt</source>
        <translation>Llama 2 安全提示词</translation>
    </message>
    <message>
        <source>%1: cannot read the preset</source>
        <translation>%1: 无法读取预设</translation>
    </message>
    <message>
        <source>%1: not a valid preset file</source>
        <translation>%1: 不是有效的预设文件</translation>
    </message>
    <message>
        <source>the built-in presets are missing from this build</source>
        <translation>此版本缺少内置预设</translation>
    </message>
    <message>
        <source>%1: cannot read the presets: %2</source>
        <translation>%1: 无法读取预设: %2</translation>
    </message>
    <message>
        <source>there is no preset &apos;%1&apos;</source>
        <translation>预设 &apos;%1&apos; 不存在</translation>
    </message>
    <message>
        <source>a preset needs a name</source>
        <translation>预设需要名称</translation>
    </message>
    <message>
        <source>the preset name is longer than %1 characters</source>
        <translation>预设名称超过 %1 个字符</translation>
    </message>
    <message>
        <source>the preset text is longer than %1 characters</source>
        <translation>预设文本超过 %1 个字符</translation>
    </message>
    <message>
        <source>a preset named &apos;%1&apos; already exists</source>
        <translation>名为 &apos;%1&apos; 的预设已存在</translation>
    </message>
    <message>
        <source>no free name for the preset &apos;%1&apos;</source>
        <translation>找不到可用于预设 &apos;%1&apos; 的名称</translation>
    </message>
    <message>
        <source>%1: cannot save the preset: %2</source>
        <translation>%1: 无法保存预设: %2</translation>
    </message>
    <message>
        <source>the built-in preset &apos;%1&apos; cannot be changed; duplicate it</source>
        <translation>内置预设 &apos;%1&apos; 无法更改；请创建副本</translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation>%1（副本）</translation>
    </message>
    <message>
        <source>the built-in preset &apos;%1&apos; cannot be deleted</source>
        <translation>内置预设 &apos;%1&apos; 无法删除</translation>
    </message>
    <message>
        <source>%1: cannot delete the preset: %2</source>
        <translation>%1: 无法删除预设: %2</translation>
    </message>
    <message>
        <source>%1: the file is larger than %2 MiB</source>
        <translation>%1: 文件大于 %2 MiB</translation>
    </message>
    <message>
        <source>%1: not valid JSON at byte %2: %3</source>
        <translation>%1: 第 %2 字节处不是有效的 JSON: %3</translation>
    </message>
    <message>
        <source>%1: not a Tramontane preset file</source>
        <translation>%1: 不是 Tramontane 预设文件</translation>
    </message>
    <message>
        <source>%1: unsupported preset file version</source>
        <translation>%1: 不支持的预设文件版本</translation>
    </message>
    <message>
        <source>%1: &apos;presets&apos; must be an array</source>
        <translation>%1: &apos;presets&apos; 必须是数组</translation>
    </message>
    <message>
        <source>%1: more than %2 presets</source>
        <translation>%1: 预设超过 %2 个</translation>
    </message>
    <message>
        <source>%1: preset %2</source>
        <translation>%1: 预设 %2</translation>
    </message>
    <message>
        <source>%1: needs string fields &apos;name&apos; and &apos;text&apos;</source>
        <translation>%1: 需要字符串字段 &apos;name&apos; 和 &apos;text&apos;</translation>
    </message>
    <message>
        <source>%1: the name must have 1 to %2 characters</source>
        <translation>%1: 名称必须为 1 到 %2 个字符</translation>
    </message>
    <message>
        <source>%1: the text is longer than %2 characters</source>
        <translation>%1: 文本超过 %2 个字符</translation>
    </message>
    <message>
        <source>%1: cannot import presets: %2</source>
        <translation>%1: 无法导入预设: %2</translation>
    </message>
    <message>
        <source>%1: cannot read: %2</source>
        <translation>%1: 无法读取: %2</translation>
    </message>
    <message>
        <source>%1: the name or text is not valid Unicode (an unpaired surrogate)</source>
        <translation>%1：名称或文本不是有效的 Unicode（未配对的代理项）</translation>
    </message>
</context>
<context>
    <name>RemoteApi</name>
    <message>
        <source>the server&apos;s answer is not JSON (%1 at byte %2)</source>
        <translation>服务器的响应不是 JSON（第 %2 字节处：%1）</translation>
    </message>
    <message>
        <source>the server&apos;s answer is not a JSON object</source>
        <translation>服务器的响应不是 JSON 对象</translation>
    </message>
    <message>
        <source>the model list has no &quot;data&quot; array</source>
        <translation>模型列表中没有 &quot;data&quot; 数组</translation>
    </message>
    <message>
        <source>the server lists no models</source>
        <translation>服务器的模型列表为空</translation>
    </message>
    <message>
        <source>the adapter list is not a JSON array</source>
        <translation>适配器列表不是 JSON 数组</translation>
    </message>
    <message>
        <source>%1 is not an adapter of this server</source>
        <translation>%1 不是此服务器的适配器</translation>
    </message>
    <message>
        <source>vLLM serves one adapter per request: enable only one</source>
        <translation>vLLM 每个请求只能使用一个适配器：请只启用一个</translation>
    </message>
    <message>
        <source>vLLM applies adapters at scale 1 only: set %1 to 1</source>
        <translation>vLLM 只能以缩放 1 应用适配器：请将 %1 的缩放设为 1</translation>
    </message>
    <message>
        <source>this server does not say how to choose LoRA adapters (llama.cpp&apos;s server and vLLM do)</source>
        <translation>此服务器未说明如何选择 LoRA 适配器（llama.cpp 的服务器和 vLLM 会说明）</translation>
    </message>
    <message>
        <source>the server reported an error</source>
        <translation>服务器报告了错误</translation>
    </message>
    <message>
        <source>a streamed chunk has no &quot;choices&quot; array</source>
        <translation>流式数据块中没有 &quot;choices&quot; 数组</translation>
    </message>
    <message>
        <source>the completion has no choices</source>
        <translation>补全结果中没有 choices</translation>
    </message>
    <message>
        <source>the server answered HTTP %1</source>
        <translation>服务器返回 HTTP %1</translation>
    </message>
    <message>
        <source>the server answered HTTP %1: %2</source>
        <translation>服务器返回 HTTP %1：%2</translation>
    </message>
    <message>
        <source>the answer has no top logprobs (does the server support &quot;logprobs&quot;?)</source>
        <translation>响应中没有 top logprobs（服务器是否支持 &quot;logprobs&quot;？）</translation>
    </message>
</context>
<context>
    <name>RemoteBackend</name>
    <message>
        <source>%1: nothing answers there (is the server running, and on this port?)</source>
        <translation>%1：无响应（服务器是否正在运行，并且使用此端口？）</translation>
    </message>
    <message>
        <source>%1: the host name is unknown</source>
        <translation>%1：未知的主机名</translation>
    </message>
    <message>
        <source>%1: the server closed the connection</source>
        <translation>%1：服务器关闭了连接</translation>
    </message>
    <message>
        <source>%1: the TLS handshake failed (%2)</source>
        <translation>%1：TLS 握手失败（%2）</translation>
    </message>
    <message>
        <source>%1: the server wants an API key (or another one)</source>
        <translation>%1：服务器需要 API 密钥（或其他密钥）</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1 is not a server address: give http://host:port or https://host/...</source>
        <translation>%1 不是服务器地址：请输入 http://host:port 或 https://host/...</translation>
    </message>
    <message>
        <source>%1 does not serve &quot;%2&quot;; it serves: %3</source>
        <translation>%1 未提供 &quot;%2&quot;；它提供的模型：%3</translation>
    </message>
    <message>
        <source>%1 server at %2</source>
        <translation>位于 %2 的 %1 服务器</translation>
    </message>
    <message>
        <source>Not connected to a server</source>
        <translation>未连接到服务器</translation>
    </message>
    <message>
        <source>An answer is already streaming</source>
        <translation>已有回答正在接收中</translation>
    </message>
    <message>
        <source>the server sent a malformed event: %1</source>
        <translation>服务器发送了格式错误的事件：%1</translation>
    </message>
    <message>
        <source>the server reported an error mid-answer: %1</source>
        <translation>服务器在回答过程中报告了错误：%1</translation>
    </message>
    <message>
        <source>%1 (the answer so far is kept)</source>
        <translation>%1（已保留目前的回答）</translation>
    </message>
    <message>
        <source>%1: the stream ended before the answer was complete (no finish reason, no [DONE])%2</source>
        <translation>%1：回答完成前流已结束（没有结束原因，也没有 [DONE]）%2</translation>
    </message>
    <message>
        <source>; the answer so far is kept</source>
        <translation>；已保留目前的回答</translation>
    </message>
    <message>
        <source>%1: the server sent nothing for %2 s</source>
        <translation>%1：服务器在 %2 秒内没有发送任何内容</translation>
    </message>
    <message>
        <source>%1: the answer is larger than %2 MiB</source>
        <translation>%1：响应大于 %2 MiB</translation>
    </message>
    <message>
        <source> (prompts in %1 format via /v1/completions)</source>
        <translation> （通过 /v1/completions 发送 %1 格式的提示词）</translation>
    </message>
</context>
<context>
    <name>RemoteModerator</name>
    <message>
        <source>Not connected to a server</source>
        <translation>未连接到服务器</translation>
    </message>
    <message>
        <source>Choose a policy first</source>
        <translation>请先选择策略</translation>
    </message>
    <message>
        <source>Moderation is busy</source>
        <translation>审核正在运行</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>%1 (attempts: %2)</source>
        <translation>%1（尝试次数：%2）</translation>
    </message>
</context>
<context>
    <name>RemotePrompt</name>
    <message>
        <source>the server&apos;s chat template renders this conversation, not Tramontane</source>
        <translation>此对话由服务器的聊天模板渲染，而不是 Tramontane</translation>
    </message>
    <message>
        <source>the conversation has no messages</source>
        <translation>对话中没有消息</translation>
    </message>
    <message>
        <source>the last message is an answer; it must be a user message</source>
        <translation>最后一条消息是回答；它必须是用户消息</translation>
    </message>
    <message>
        <source>an answer in the conversation is empty</source>
        <translation>对话中有一条回答为空</translation>
    </message>
</context>
<context>
    <name>SchemaMigrations</name>
    <message>
        <source>%1: cannot read the schema version: %2</source>
        <translation>%1: 无法读取架构版本: %2</translation>
    </message>
    <message>
        <source>%1: the history database has schema version %2, newer than this version of Tramontane supports (%3); use a newer Tramontane</source>
        <translation>%1: 历史记录数据库的架构版本为 %2，高于此版本 Tramontane 支持的版本（%3）；请使用较新版本的 Tramontane</translation>
    </message>
    <message>
        <source>%1: invalid schema version %2</source>
        <translation>%1: 无效的架构版本 %2</translation>
    </message>
    <message>
        <source>%1: cannot read the database: %2</source>
        <translation>%1: 无法读取数据库: %2</translation>
    </message>
    <message>
        <source>%1: not a Tramontane history database (it has tables but no schema version)</source>
        <translation>%1: 不是 Tramontane 历史记录数据库（有数据表但没有架构版本）</translation>
    </message>
    <message>
        <source>%1: cannot prepare the migration: %2</source>
        <translation>%1: 无法准备迁移: %2</translation>
    </message>
    <message>
        <source>%1: no migration from schema version %2 to %3</source>
        <translation>%1: 没有从架构版本 %2 到 %3 的迁移</translation>
    </message>
    <message>
        <source>%1: migration to schema version %2 failed: %3</source>
        <translation>%1: 迁移到架构版本 %2 失败: %3</translation>
    </message>
    <message>
        <source>%1: cannot enable foreign keys: %2</source>
        <translation>%1: 无法启用外键: %2</translation>
    </message>
</context>
<context>
    <name>SqlUtil</name>
    <message>
        <source>the disk is full or the database reached its size limit: free some space (%1)</source>
        <translation>磁盘已满或数据库已达到大小上限: 请释放一些空间 (%1)</translation>
    </message>
    <message>
        <source>the disk could not be written (full, or a file size limit): free some space (%1)</source>
        <translation>无法写入磁盘(已满或达到文件大小上限): 请释放一些空间 (%1)</translation>
    </message>
</context>
<context>
    <name>SseParser</name>
    <message>
        <source>a line of the event stream is longer than %1 MiB</source>
        <translation>事件流中的一行超过 %1 MiB</translation>
    </message>
    <message>
        <source>an event of the stream is larger than %1 MiB</source>
        <translation>流中的一个事件超过 %1 MiB</translation>
    </message>
</context>
<context>
    <name>UserPolicyStore</name>
    <message>
        <source>The policy needs a name</source>
        <translation>策略需要一个名称</translation>
    </message>
    <message>
        <source>The name &apos;%1&apos; cannot be used: use letters, digits, &apos;-&apos;, &apos;_&apos; and &apos;.&apos; (at most 64)</source>
        <translation>不能使用名称“%1”：请使用字母、数字、“-”、“_”和“.”（最多 64 个）</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is the name of a built-in policy</source>
        <translation>“%1”是内置策略的名称</translation>
    </message>
    <message>
        <source>There is already a policy named &apos;%1&apos;</source>
        <translation>已有名为“%1”的策略</translation>
    </message>
    <message>
        <source>%1: cannot create the folder</source>
        <translation>%1：无法创建文件夹</translation>
    </message>
    <message>
        <source>%1: cannot save the policy: %2</source>
        <translation>%1：无法保存策略：%2</translation>
    </message>
    <message>
        <source>There is no policy named &apos;%1&apos;</source>
        <translation>没有名为“%1”的策略</translation>
    </message>
    <message>
        <source>%1: cannot delete the policy: %2</source>
        <translation>%1：无法删除策略：%2</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Local chat with Mistral-family models</source>
        <translation>与 Mistral 系列模型进行本地对话</translation>
    </message>
    <message>
        <source>Keep the history and settings in DIR instead of the user&apos;s data folder.</source>
        <translation>将历史记录和设置保存在 DIR 中，而不是用户数据文件夹中。</translation>
    </message>
    <message>
        <source>Load the model at PATH (.gguf or a folder) at start.</source>
        <translation>启动时加载 PATH 处的模型（.gguf 文件或文件夹）。</translation>
    </message>
    <message>
        <source>Interface language: en, ko, ja or zh_CN.</source>
        <translation>界面语言：en、ko、ja 或 zh_CN。</translation>
    </message>
    <message>
        <source>Tramontane</source>
        <translation>Tramontane</translation>
    </message>
    <message>
        <source>Print the version and exit.</source>
        <translation>显示版本并退出。</translation>
    </message>
    <message>
        <source>Run models on BACKEND: cpu, cuda or auto (the GPU when there is one).</source>
        <translation>在 BACKEND 上运行模型：cpu、cuda 或 auto（有 GPU 时使用 GPU）。</translation>
    </message>
    <message>
        <source>Unknown backend &apos;%1&apos; (expected cpu, cuda or auto).</source>
        <translation>未知的后端“%1”（应为 cpu、cuda 或 auto）。</translation>
    </message>
    <message>
        <source>The damaged history was kept as %1</source>
        <translation>损坏的记录已保留为 %1</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::AdapterManager</name>
    <message>
        <source>%1 is not a LoRA adapter: choose a folder with adapter_config.json or a .gguf LoRA file.</source>
        <translation>%1 不是 LoRA 适配器：请选择包含 adapter_config.json 的文件夹或 .gguf LoRA 文件。</translation>
    </message>
    <message>
        <source>Use %1 in this conversation</source>
        <translation>在此对话中使用 %1</translation>
    </message>
    <message>
        <source> (rsLoRA)</source>
        <translation> (rsLoRA)</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>No: %1</source>
        <translation>否：%1</translation>
    </message>
    <message>
        <source>Adapters in memory: %1 (%2)</source>
        <translation>内存中的适配器：%1 个 (%2)</translation>
    </message>
    <message>
        <source>Add a LoRA adapter folder</source>
        <translation>添加 LoRA 适配器文件夹</translation>
    </message>
    <message>
        <source>Add a GGUF LoRA file</source>
        <translation>添加 GGUF LoRA 文件</translation>
    </message>
    <message>
        <source>GGUF LoRA adapters (*.gguf)</source>
        <translation>GGUF LoRA 适配器 (*.gguf)</translation>
    </message>
    <message>
        <source>Adapters</source>
        <translation>适配器</translation>
    </message>
    <message>
        <source>LoRA adapters for this conversation. Changes apply to the next answer; the model is not reloaded.</source>
        <translation>此对话的 LoRA 适配器。更改从下一个回答起生效，不会重新加载模型。</translation>
    </message>
    <message>
        <source>Open a conversation to choose its adapters.</source>
        <translation>请先打开一个对话再选择其适配器。</translation>
    </message>
    <message>
        <source>On</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>秩</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>Alpha</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Trained for</source>
        <translation>训练所用模型</translation>
    </message>
    <message>
        <source>Fits the model</source>
        <translation>适配模型</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Add .gguf file…</source>
        <translation>添加 .gguf 文件…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Compare…</source>
        <translation>比较…</translation>
    </message>
    <message>
        <source>The model runs on the server %1: its adapters are the server&apos;s own (the ones it lists are added here); adapter files on this computer are not used.</source>
        <translation>模型在服务器 %1 上运行：适配器由服务器提供（服务器列出的适配器会添加到此处）；不会使用这台计算机上的适配器文件。</translation>
    </message>
    <message>
        <source>Not while connected to a server</source>
        <translation>连接到服务器时不可用</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ApiKeyStore</name>
    <message>
        <source>This build of Tramontane has no keychain support (QtKeychain).</source>
        <translation>此版本的 Tramontane 不支持钥匙串（QtKeychain）。</translation>
    </message>
    <message>
        <source>The system keychain is not available (%1); the key is kept for this session only.</source>
        <translation>系统钥匙串不可用（%1）；密钥仅在本次会话中保留。</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ChatFlow</name>
    <message>
        <source>The engine is busy. Wait for it or press Stop.</source>
        <translation>引擎正忙。请等待或点击“停止”。</translation>
    </message>
    <message>
        <source>Only an answer can be regenerated.</source>
        <translation>只能重新生成回答。</translation>
    </message>
    <message>
        <source>The conversation changed; try again.</source>
        <translation>对话已更改，请重试。</translation>
    </message>
    <message>
        <source>No model is loaded. Open a model first (File &gt; Open model file…).</source>
        <translation>未加载模型。请先打开模型（文件 &gt; 打开模型文件…）。</translation>
    </message>
    <message>
        <source>The message is being checked by moderation. Wait a moment.</source>
        <translation>正在对消息进行内容审核，请稍候。</translation>
    </message>
    <message>
        <source>No model is loaded: open a model first</source>
        <translation>尚未加载模型：请先打开模型</translation>
    </message>
    <message>
        <source>Moderation is busy</source>
        <translation>审核正在运行</translation>
    </message>
    <message>
        <source>moderation failed</source>
        <translation>审核失败</translation>
    </message>
    <message>
        <source>Not sent: moderation flagged this message as &quot;%1&quot; (policy %2).</source>
        <translation>未发送：内容审核将此消息标记为 &quot;%1&quot;（策略 %2）。</translation>
    </message>
    <message>
        <source>Not sent: the moderation check failed: %1</source>
        <translation>未发送：内容审核检查失败：%1</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ChatModerationDialog</name>
    <message>
        <source>Chat moderation</source>
        <translation>聊天内容审核</translation>
    </message>
    <message>
        <source>Moderate this conversation</source>
        <translation>审核此对话</translation>
    </message>
    <message>
        <source>Policy file…</source>
        <translation>策略文件…</translation>
    </message>
    <message>
        <source>The user&apos;s messages</source>
        <translation>用户的消息</translation>
    </message>
    <message>
        <source>The model&apos;s answers</source>
        <translation>模型的回答</translation>
    </message>
    <message>
        <source>Both</source>
        <translation>两者</translation>
    </message>
    <message>
        <source>Warn: send, mark the message</source>
        <translation>警告：发送并标记消息</translation>
    </message>
    <message>
        <source>Block: do not send a flagged message</source>
        <translation>阻止：不发送被标记的消息</translation>
    </message>
    <message>
        <source>Log only: store the verdict, show nothing</source>
        <translation>仅记录：保存结果，不显示</translation>
    </message>
    <message>
        <source>Moderation runs the loaded model on the CPU with the policy&apos;s prompt. A flagged answer cannot be unsent: with Block it is marked as with Warn. A policy is not a security boundary.</source>
        <translation>内容审核使用已加载的模型和策略的提示词在 CPU 上运行。被标记的回答无法撤回：选择阻止时也会像警告一样标记。策略不是安全边界。</translation>
    </message>
    <message>
        <source>Policy:</source>
        <translation>策略：</translation>
    </message>
    <message>
        <source>Check:</source>
        <translation>检查：</translation>
    </message>
    <message>
        <source>When flagged:</source>
        <translation>被标记时：</translation>
    </message>
    <message>
        <source>Moderation: off</source>
        <translation>内容审核：关闭</translation>
    </message>
    <message>
        <source>warn</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>block</source>
        <translation>阻止</translation>
    </message>
    <message>
        <source>log only</source>
        <translation>仅记录</translation>
    </message>
    <message>
        <source>Moderation: %1, %2</source>
        <translation>内容审核：%1，%2</translation>
    </message>
    <message>
        <source>Open a moderation policy</source>
        <translation>打开审核策略</translation>
    </message>
    <message>
        <source>Moderation policies (*.json)</source>
        <translation>内容审核策略 (*.json)</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ChatView</name>
    <message>
        <source>No messages yet. Write below to start the conversation.</source>
        <translation>还没有消息。在下方输入内容即可开始对话。</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::CompareView</name>
    <message>
        <source>%1 ×%2</source>
        <translation>%1 ×%2</translation>
    </message>
    <message>
        <source>No adapters</source>
        <translation>无适配器</translation>
    </message>
    <message>
        <source>(unused)</source>
        <translation>(未使用)</translation>
    </message>
    <message>
        <source>This conversation&apos;s set</source>
        <translation>此对话的集合</translation>
    </message>
    <message>
        <source>No model is loaded. Open a model first (File &gt; Open model file…).</source>
        <translation>未加载模型。请先打开模型（文件 &gt; 打开模型文件…）。</translation>
    </message>
    <message>
        <source>The engine is busy. Wait for it or press Stop.</source>
        <translation>引擎正忙。请等待或点击“停止”。</translation>
    </message>
    <message>
        <source>Type a prompt to compare.</source>
        <translation>请输入要比较的提示词。</translation>
    </message>
    <message>
        <source>Choose an adapter set for at least one column.</source>
        <translation>请至少为一列选择适配器集合。</translation>
    </message>
    <message>
        <source>%1 tokens, %2 ms/token</source>
        <translation>%1 个 token，每 token %2 ms</translation>
    </message>
    <message>
        <source>Compare adapter sets</source>
        <translation>比较适配器集合</translation>
    </message>
    <message>
        <source>One prompt, answered with each set</source>
        <translation>同一提示词，用每个集合分别回答</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::Composer</name>
    <message>
        <source>Write a message (Enter sends, Shift+Enter for a new line)</source>
        <translation>输入消息（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Stop the answer</source>
        <translation>停止回答</translation>
    </message>
    <message>
        <source>Send the message</source>
        <translation>发送消息</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ConversationListModel</name>
    <message>
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ConversationPanel</name>
    <message>
        <source>Deleted “%1”</source>
        <translation>已删除“%1”</translation>
    </message>
    <message>
        <source>No messages match “%1”.</source>
        <translation>没有与“%1”匹配的消息。</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <source>Pin to top</source>
        <translation>置顶</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Search all conversations</source>
        <translation>搜索所有对话</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Start a new conversation</source>
        <translation>开始新对话</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::EngineController</name>
    <message>
        <source>The server %1 does not offer this adapter; adapters of a remote model are the server&apos;s own</source>
        <translation>服务器 %1 未提供此适配器；远程模型的适配器由服务器提供</translation>
    </message>
    <message>
        <source>Comparing adapter sets runs on the local engine only; this model is on a server</source>
        <translation>比较适配器集合只能在本地引擎上运行；此模型位于服务器上</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::EngineWorker</name>
    <message>
        <source>Loading %1 was cancelled.</source>
        <translation>已取消加载 %1。</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>Reading %1 and preparing the GPU…</source>
        <translation>正在读取 %1 并准备 GPU…</translation>
    </message>
    <message>
        <source>Starting the model…</source>
        <translation>正在启动模型…</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>未加载模型。</translation>
    </message>
    <message>
        <source>A conversation turn cannot be a system message.</source>
        <translation>对话轮次不能是系统消息。</translation>
    </message>
    <message>
        <source>Adapter %1: the scale %2 is outside 0 to 2.</source>
        <translation>适配器 %1：缩放 %2 超出 0 到 2 的范围。</translation>
    </message>
    <message>
        <source>Adapter %1 cannot be used with this model: %2</source>
        <translation>适配器 %1 无法用于此模型：%2</translation>
    </message>
    <message>
        <source>Adapter %1: %2</source>
        <translation>适配器 %1：%2</translation>
    </message>
    <message>
        <source>Its shapes do not fit the loaded model.</source>
        <translation>其张量形状与已加载的模型不符。</translation>
    </message>
    <message>
        <source>No model is loaded: compatibility unknown.</source>
        <translation>未加载模型：兼容性未知。</translation>
    </message>
    <message>
        <source>Compare 1 to %1 adapter sets.</source>
        <translation>可比较 1 到 %1 个适配器集合。</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::HistoryTransfer</name>
    <message>
        <source>%1: cannot write the file: %2</source>
        <translation>%1: 无法写入文件: %2</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Tramontane JSON, every branch (*.json)</source>
        <translation>Tramontane JSON，包含所有分支 (*.json)</translation>
    </message>
    <message>
        <source>Export conversation</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <source>Export all conversations</source>
        <translation>导出所有对话</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Import conversations</source>
        <translation>导入对话</translation>
    </message>
    <message>
        <source>Tramontane JSON (*.json)</source>
        <translation>Tramontane JSON (*.json)</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::KvVisualizer</name>
    <message>
        <source>Export heatmap</source>
        <translation>导出热力图</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>Export attention weights</source>
        <translation>导出注意力权重</translation>
    </message>
    <message>
        <source>NumPy arrays (*.npy)</source>
        <translation>NumPy 数组 (*.npy)</translation>
    </message>
    <message>
        <source>KV cache and attention</source>
        <translation>KV 缓存与注意力</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Query head</source>
        <translation>查询头</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>对数刻度</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <source>Export .npy…</source>
        <translation>导出 .npy…</translation>
    </message>
    <message>
        <source>KV ring (slots by position, write head in red)</source>
        <translation>KV 环 (按位置着色的槽，写入位置为红色)</translation>
    </message>
    <message>
        <source>Attention (queries × keys by position)</source>
        <translation>注意力 (查询 × 按位置的键)</translation>
    </message>
    <message>
        <source>Tokens (highlighted: inside the window)</source>
        <translation>token (高亮：在窗口内)</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Probes are not available: %1</source>
        <translation>探针不可用：%1</translation>
    </message>
    <message>
        <source>Head %1 · KV head %2 (group of %3)</source>
        <translation>头 %1 · KV 头 %2 (%3 个一组)</translation>
    </message>
    <message>
        <source>Waiting for the model to run…</source>
        <translation>正在等待模型运行…</translation>
    </message>
    <message>
        <source>%1 / %2 slots
position %3</source>
        <translation>槽 %1 / %2
位置 %3</translation>
    </message>
    <message>
        <source>position %1, slot %2</source>
        <translation>位置 %1，槽 %2</translation>
    </message>
    <message>
        <source>KV cache: %1 MiB of %2 MiB reserved (%3 MiB per layer, %4 layers), %5 evicted in the last step · model %6 MiB · adapters %7 MiB</source>
        <translation>KV 缓存：已用 %1 MiB / 预留 %2 MiB (每层 %3 MiB，共 %4 层)，上一步移出 %5 个 · 模型 %6 MiB · 适配器 %7 MiB</translation>
    </message>
    <message>
        <source>query %1 “%2” → key %3 “%4”: %5</source>
        <translation>查询 %1 “%2” → 键 %3 “%4”：%5</translation>
    </message>
    <message>
        <source>Layer %1, head %2: queries at positions %3–%4, keys %5–%6</source>
        <translation>第 %1 层，头 %2：查询位置 %3–%4，键 %5–%6</translation>
    </message>
    <message>
        <source>The server does not expose the model&apos;s attention or KV cache; the visualizer works with a model on this computer.</source>
        <translation>服务器不公开模型的注意力或 KV 缓存；可视化工具仅适用于这台计算机上的模型。</translation>
    </message>
    <message>
        <source>L%1 H%2 %3</source>
        <translation>L%1 H%2 %3</translation>
    </message>
    <message>
        <source>Click a token above to see which heads attend to it most.</source>
        <translation>点击上方的词元，查看哪些注意力头最关注它。</translation>
    </message>
    <message>
        <source>“%1” (position %2) is outside the window: it was evicted, and the sliding-window mask gives it weight 0 in every head.</source>
        <translation>“%1”（位置 %2）在窗口之外：它已被移出缓存，滑动窗口掩码在每个头中都给它权重 0。</translation>
    </message>
    <message>
        <source>“%1” (position %2): waiting for the model to run…</source>
        <translation>“%1”（位置 %2）：正在等待模型运行…</translation>
    </message>
    <message>
        <source>weight of the newest query, position %1</source>
        <translation>最新查询（位置 %1）的权重</translation>
    </message>
    <message>
        <source>mean over the prefill chunk&apos;s %1 queries, positions %2–%3</source>
        <translation>预填充块中 %1 个查询的平均值，位置 %2–%3</translation>
    </message>
    <message>
        <source>Heads in layer %1 that attend most to “%2” (position %3; %4):</source>
        <translation>第 %1 层中最关注“%2”（位置 %3）的注意力头（%4）：</translation>
    </message>
    <message>
        <source>Heads that attend most to “%1” (position %2; %3):</source>
        <translation>最关注“%1”（位置 %2）的注意力头（%3）：</translation>
    </message>
    <message>
        <source>Show layer %1, head %2 in the heatmap</source>
        <translation>在热力图中显示第 %1 层、第 %2 个头</translation>
    </message>
    <message>
        <source>position %1 (selected)</source>
        <translation>位置 %1（已选中）</translation>
    </message>
    <message>
        <source>position %1, left the window</source>
        <translation>位置 %1，已离开窗口</translation>
    </message>
    <message>
        <source>position %1, outside the window</source>
        <translation>位置 %1，在窗口之外</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::LoadIndicator</name>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>Loading %1: %2</source>
        <translation>正在加载 %1：%2</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::MainWindow</name>
    <message>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <source>Model loaded: %1</source>
        <translation>已加载模型：%1</translation>
    </message>
    <message>
        <source>Loading cancelled</source>
        <translation>已取消加载</translation>
    </message>
    <message>
        <source>Could not open the model</source>
        <translation>无法打开模型</translation>
    </message>
    <message>
        <source>The answer failed</source>
        <translation>回答生成失败</translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>The engine is busy. Stop the answer first.</source>
        <translation>引擎正忙。请先停止回答。</translation>
    </message>
    <message>
        <source>Open model file</source>
        <translation>打开模型文件</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open model folder (config.json, *.safetensors, tokenizer.model)</source>
        <translation>打开模型文件夹（config.json、*.safetensors、tokenizer.model）</translation>
    </message>
    <message>
        <source>No recent models</source>
        <translation>没有最近使用的模型</translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation>清除列表</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Guardrail presets</source>
        <translation>护栏预设</translation>
    </message>
    <message>
        <source>No system prompt</source>
        <translation>无系统提示词</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>无模型</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Edit message</source>
        <translation>编辑消息</translation>
    </message>
    <message>
        <source>The message is sent again; the old version is kept.</source>
        <translation>消息将重新发送；旧版本会保留。</translation>
    </message>
    <message>
        <source>No translation for this language was found; English is shown.</source>
        <translation>未找到此语言的翻译；将显示英文。</translation>
    </message>
    <message>
        <source>Tramontane</source>
        <translation>Tramontane</translation>
    </message>
    <message>
        <source>Guardrail:</source>
        <translation>护栏：</translation>
    </message>
    <message>
        <source>The system prompt put before this conversation</source>
        <translation>放在此对话之前的系统提示词</translation>
    </message>
    <message>
        <source>Presets…</source>
        <translation>预设…</translation>
    </message>
    <message>
        <source>Sampling…</source>
        <translation>采样…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New conversation</source>
        <translation>新对话(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open model file…</source>
        <translation>打开模型文件(&amp;O)…</translation>
    </message>
    <message>
        <source>Open model &amp;folder…</source>
        <translation>打开模型文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Recent models</source>
        <translation>最近使用的模型(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>对话(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Regenerate last answer</source>
        <translation>重新生成上一个回答(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;ampling settings…</source>
        <translation>采样设置(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Guardrail presets…</source>
        <translation>护栏预设(&amp;G)…</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Export conversation…</source>
        <translation>导出对话(&amp;E)…</translation>
    </message>
    <message>
        <source>Export &amp;all conversations…</source>
        <translation>导出所有对话(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Import conversations…</source>
        <translation>导入对话(&amp;I)…</translation>
    </message>
    <message>
        <source>No model is loaded. Open a model first (File &gt; Open model file…).</source>
        <translation>未加载模型。请先打开模型（文件 &gt; 打开模型文件…）。</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Moderation…</source>
        <translation>内容审核(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Adapters…</source>
        <translation>适配器(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;KV cache and attention…</source>
        <translation>KV 缓存与注意力(&amp;K)…</translation>
    </message>
    <message>
        <source>In-chat moderation of this conversation</source>
        <translation>此对话的聊天内容审核</translation>
    </message>
    <message>
        <source>The API key was not saved: %1</source>
        <translation>未能保存 API 密钥：%1</translation>
    </message>
    <message>
        <source>Connection cancelled</source>
        <translation>已取消连接</translation>
    </message>
    <message>
        <source>Could not connect to the server</source>
        <translation>无法连接到服务器</translation>
    </message>
    <message>
        <source>Connect to a server</source>
        <translation>连接到服务器</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>&amp;Connect to a server…</source>
        <translation>连接到服务器(&amp;C)…</translation>
    </message>
    <message>
        <source>Chat with a model served by llama.cpp&apos;s server, vLLM or another OpenAI-compatible server</source>
        <translation>与 llama.cpp 的服务器、vLLM 或其他 OpenAI 兼容服务器提供的模型对话</translation>
    </message>
    <message>
        <source>The model is being loaded again: on the GPU if it works again, otherwise on the CPU.</source>
        <translation>正在重新加载模型：如果 GPU 恢复正常则在 GPU 上运行，否则在 CPU 上运行。</translation>
    </message>
    <message>
        <source>Model loaded: %1 (%2)</source>
        <translation>已加载模型：%1（%2）</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::MessageBubble</name>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>Assistant · %1</source>
        <translation>助手 · %1</translation>
    </message>
    <message>
        <source>writing…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>token limit reached</source>
        <translation>已达到 token 上限</translation>
    </message>
    <message>
        <source>context full</source>
        <translation>上下文已满</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the message</source>
        <translation>复制消息</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>复制代码</translation>
    </message>
    <message>
        <source>Copy the code blocks of the message</source>
        <translation>复制消息中的代码块</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Edit the message and send it again (the old version is kept)</source>
        <translation>编辑消息并重新发送（保留旧版本）</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Write this answer again (the old answer is kept)</source>
        <translation>重新生成此回答（保留旧回答）</translation>
    </message>
    <message>
        <source>Previous version</source>
        <translation>上一版本</translation>
    </message>
    <message>
        <source>Next version</source>
        <translation>下一版本</translation>
    </message>
    <message>
        <source>Moderation failed</source>
        <translation>审核失败</translation>
    </message>
    <message>
        <source>Safe</source>
        <translation>安全</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>已标记</translation>
    </message>
    <message>
        <source>Flagged: %1</source>
        <translation>已标记：%1</translation>
    </message>
    <message>
        <source>Moderation (%1, policy %2)</source>
        <translation>内容审核（%1，策略 %2）</translation>
    </message>
    <message>
        <source>answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>P(not safe) = %1, threshold %2</source>
        <translation>P(不安全) = %1，阈值 %2</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ModerationController</name>
    <message>
        <source>Moderation is busy</source>
        <translation>审核正在运行</translation>
    </message>
    <message>
        <source>Open a data file first</source>
        <translation>请先打开数据文件</translation>
    </message>
    <message>
        <source>Choose a policy first</source>
        <translation>请先选择策略</translation>
    </message>
    <message>
        <source>No model is loaded: open a model first</source>
        <translation>尚未加载模型：请先打开模型</translation>
    </message>
    <message>
        <source>%1: no column &apos;%2&apos;</source>
        <translation>%1: 没有列“%2”</translation>
    </message>
    <message>
        <source>Every row has a result</source>
        <translation>每一行都已有结果</translation>
    </message>
    <message>
        <source>Runs are not stored</source>
        <translation>运行不会被存储</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ModerationPanel</name>
    <message>
        <source>%1 / %2 texts · %3 texts/s · %4 left</source>
        <translation>%1 / %2 条文本 · 每秒 %3 条 · 剩余 %4</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Open a moderation policy</source>
        <translation>打开审核策略</translation>
    </message>
    <message>
        <source>Policy files (*.json)</source>
        <translation>策略文件 (*.json)</translation>
    </message>
    <message>
        <source>Moderation is busy</source>
        <translation>审核正在运行</translation>
    </message>
    <message>
        <source>Open texts to moderate</source>
        <translation>打开要审核的文本</translation>
    </message>
    <message>
        <source>Texts (*.csv *.jsonl *.ndjson)</source>
        <translation>文本 (*.csv *.jsonl *.ndjson)</translation>
    </message>
    <message>
        <source>Export the results</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <source>CSV (*.csv);;JSON Lines (*.jsonl)</source>
        <translation>CSV (*.csv);;JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>Moderation</source>
        <translation>内容审核</translation>
    </message>
    <message>
        <source>&amp;Policy:</source>
        <translation>策略(&amp;P):</translation>
    </message>
    <message>
        <source>Policy file…</source>
        <translation>策略文件…</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>模型: %1</translation>
    </message>
    <message>
        <source>Single text</source>
        <translation>单条文本</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批量</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Type or paste the text to check</source>
        <translation>输入或粘贴要检查的文本</translation>
    </message>
    <message>
        <source>&amp;Check</source>
        <translation>检查(&amp;C)</translation>
    </message>
    <message>
        <source>Prompt sent</source>
        <translation>发送的提示词</translation>
    </message>
    <message>
        <source>&amp;Open file…</source>
        <translation>打开文件(&amp;O)…</translation>
    </message>
    <message>
        <source>No file (CSV or JSON Lines)</source>
        <translation>无文件（CSV 或 JSON Lines）</translation>
    </message>
    <message>
        <source>&amp;Text column:</source>
        <translation>文本列(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Label column:</source>
        <translation>标签列(&amp;L):</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>继续(&amp;U)</translation>
    </message>
    <message>
        <source>Search the results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <source>All rows</source>
        <translation>所有行</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>已标记</translation>
    </message>
    <message>
        <source>Not flagged</source>
        <translation>未标记</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>Verdict differs from label</source>
        <translation>判定与标签不一致</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>已标记</translation>
    </message>
    <message>
        <source>not flagged</source>
        <translation>未标记</translation>
    </message>
    <message>
        <source>positive label</source>
        <translation>正类标签</translation>
    </message>
    <message>
        <source>negative label</source>
        <translation>负类标签</translation>
    </message>
    <message>
        <source>T&amp;hreshold on P(unsafe):</source>
        <translation>P(unsafe) 阈值(&amp;H):</translation>
    </message>
    <message>
        <source>&amp;Save threshold with the policy</source>
        <translation>将阈值随策略保存(&amp;S)</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>错误: %1</translation>
    </message>
    <message>
        <source>Flagged: %1 (P(unsafe) = %2)</source>
        <translation>已标记: %1 (P(unsafe) = %2)</translation>
    </message>
    <message>
        <source>Safe (P(unsafe) = %1)</source>
        <translation>安全 (P(unsafe) = %1)</translation>
    </message>
    <message>
        <source>Run a batch with a label column to see precision and recall.</source>
        <translation>指定标签列并运行批量审核，即可查看精确率和召回率。</translation>
    </message>
    <message>
        <source>Prompt sent (tokens: %1)</source>
        <translation>发送的提示词（token: %1）</translation>
    </message>
    <message>
        <source>Positive class: flagged. Precision %1 · Recall %2 · F1 %3 · Accuracy %4 · Average precision %5 · Labelled rows: %6</source>
        <translation>正类: 已标记。精确率 %1 · 召回率 %2 · F1 %3 · 准确率 %4 · 平均精确率 %5 · 有标签的行: %6</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>Delete the policy</source>
        <translation>删除该策略</translation>
    </message>
    <message>
        <source>Delete the policy &apos;%1&apos;? Its file is removed; stored runs keep their results.</source>
        <translation>删除策略“%1”？其文件将被删除；已存储的运行保留其结果。</translation>
    </message>
    <message>
        <source>Delete the run</source>
        <translation>删除该运行</translation>
    </message>
    <message>
        <source>Delete the stored run %1 and its results?</source>
        <translation>删除已存储的运行 %1 及其结果？</translation>
    </message>
    <message>
        <source>&amp;New policy…</source>
        <translation>新建策略(&amp;N)…</translation>
    </message>
    <message>
        <source>E&amp;dit policy…</source>
        <translation>编辑策略(&amp;D)…</translation>
    </message>
    <message>
        <source>Delete policy</source>
        <translation>删除策略</translation>
    </message>
    <message>
        <source>Stored runs</source>
        <translation>已存储的运行</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>阈值</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>刷新(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open run</source>
        <translation>打开运行(&amp;O)</translation>
    </message>
    <message>
        <source>Delete run</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <source>%1 (yours)</source>
        <translation>%1（您的）</translation>
    </message>
    <message>
        <source>Runs are stored with the chat history.</source>
        <translation>运行与聊天记录一起存储。</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>No stored runs yet.</source>
        <translation>还没有已存储的运行。</translation>
    </message>
    <message>
        <source>Stored run %1: %2</source>
        <translation>已存储的运行 %1：%2</translation>
    </message>
    <message>
        <source>%1 / %2 texts (stored)</source>
        <translation>%1 / %2 条文本（已存储）</translation>
    </message>
    <message>
        <source>Showing run %1 (%2, %3)</source>
        <translation>正在显示运行 %1（%2，%3）</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ModerationResultsModel</name>
    <message>
        <source>%1: cannot write the results: %2</source>
        <translation>%1: 无法写入结果: %2</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>已标记</translation>
    </message>
    <message>
        <source>safe</source>
        <translation>安全</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <source>Top category</source>
        <translation>最可能类别</translation>
    </message>
    <message>
        <source>P(unsafe)</source>
        <translation>P(unsafe)</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ModerationWorker</name>
    <message>
        <source>No model is loaded: open a model first</source>
        <translation>尚未加载模型：请先打开模型</translation>
    </message>
    <message>
        <source>The moderation model is not ready</source>
        <translation>审核模型尚未就绪</translation>
    </message>
    <message>
        <source>%1: not a .csv or .jsonl file</source>
        <translation>%1: 不是 .csv 或 .jsonl 文件</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::PolicyEditorDialog</name>
    <message>
        <source>New moderation policy</source>
        <translation>新建审核策略</translation>
    </message>
    <message>
        <source>Edit moderation policy</source>
        <translation>编辑审核策略</translation>
    </message>
    <message>
        <source>&amp;Start from a copy of:</source>
        <translation>从以下副本开始(&amp;S)：</translation>
    </message>
    <message>
        <source>letters, digits, &apos;-&apos;, &apos;_&apos;</source>
        <translation>字母、数字、“-”、“_”</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>标题(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Prompt template (the text to check goes where {text} is):</source>
        <translation>提示模板(&amp;P)（待检查的文本放在 {text} 处）：</translation>
    </message>
    <message>
        <source>&amp;Labels (each answer exactly as the model would write it):</source>
        <translation>标签(&amp;L)（每个答案与模型会写出的完全一致）：</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>上移(&amp;U)</translation>
    </message>
    <message>
        <source>Move &amp;down</source>
        <translation>下移(&amp;D)</translation>
    </message>
    <message>
        <source>Sa&amp;fe label:</source>
        <translation>安全标签(&amp;F)：</translation>
    </message>
    <message>
        <source>T&amp;hreshold on P(unsafe):</source>
        <translation>P(unsafe) 阈值(&amp;H):</translation>
    </message>
    <message>
        <source>The template has no {text}: the text to check would not be in the prompt.</source>
        <translation>模板中没有 {text}：待检查的文本不会出现在提示中。</translation>
    </message>
    <message>
        <source>The template has {text} more than once; it must appear exactly once.</source>
        <translation>模板中 {text} 出现了不止一次；它必须恰好出现一次。</translation>
    </message>
    <message>
        <source>The template has {text} once.</source>
        <translation>模板中 {text} 出现一次。</translation>
    </message>
    <message>
        <source>A policy needs at least two labels: a safe one and another.</source>
        <translation>策略至少需要两个标签：一个安全标签和另一个。</translation>
    </message>
    <message>
        <source>Label %1 has no name.</source>
        <translation>标签 %1 没有名称。</translation>
    </message>
    <message>
        <source>Label &apos;%1&apos; begins or ends with a space.</source>
        <translation>标签“%1”以空格开头或结尾。</translation>
    </message>
    <message>
        <source>The label &apos;%1&apos; appears twice: label names must differ.</source>
        <translation>标签“%1”出现了两次：标签名称必须互不相同。</translation>
    </message>
    <message>
        <source>Choose the safe label.</source>
        <translation>请选择安全标签。</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::PrCurveWidget</name>
    <message>
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>No labelled results</source>
        <translation>没有带标签的结果</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::PresetEditorDialog</name>
    <message>
        <source>Guardrail presets</source>
        <translation>护栏预设</translation>
    </message>
    <message>
        <source>The system prompt given to the model (empty: none)</source>
        <translation>提供给模型的系统提示词（留空：无）</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>创建副本</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>%1 (built-in)</source>
        <translation>%1（内置）</translation>
    </message>
    <message>
        <source>New preset</source>
        <translation>新预设</translation>
    </message>
    <message>
        <source>New preset %1</source>
        <translation>新预设 %1</translation>
    </message>
    <message>
        <source>Delete preset</source>
        <translation>删除预设</translation>
    </message>
    <message>
        <source>Delete the preset “%1”?</source>
        <translation>要删除预设“%1”吗？</translation>
    </message>
    <message>
        <source>Import presets</source>
        <translation>导入预设</translation>
    </message>
    <message>
        <source>Preset files (*.json);;All files (*)</source>
        <translation>预设文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Export preset</source>
        <translation>导出预设</translation>
    </message>
    <message>
        <source>Preset files (*.json)</source>
        <translation>预设文件 (*.json)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::RemoteDialog</name>
    <message>
        <source>Fetching…</source>
        <translation>正在获取…</translation>
    </message>
    <message>
        <source>Fetch models</source>
        <translation>获取模型</translation>
    </message>
    <message>
        <source>Asking %1 for its models…</source>
        <translation>正在向 %1 查询模型…</translation>
    </message>
    <message>
        <source>%1 is not a server address: give http://host:port or https://host/…</source>
        <translation>%1 不是服务器地址：请输入 http://host:port 或 https://host/…</translation>
    </message>
    <message>
        <source>The server lists no base model.</source>
        <translation>服务器未列出任何基础模型。</translation>
    </message>
    <message>
        <source>Give the server&apos;s address, for example http://127.0.0.1:8080.</source>
        <translation>请输入服务器地址，例如 http://127.0.0.1:8080。</translation>
    </message>
    <message>
        <source>Connect to a server</source>
        <translation>连接到服务器</translation>
    </message>
    <message>
        <source>Chat with a model served by an OpenAI-compatible server (llama.cpp&apos;s server, vLLM, …). The conversation history stays on this computer; the prompts and answers go to that server.</source>
        <translation>与 OpenAI 兼容服务器（llama.cpp 的服务器、vLLM 等）提供的模型对话。对话历史记录保留在这台计算机上；提示词和回答会经过该服务器。</translation>
    </message>
    <message>
        <source>Server URL:</source>
        <translation>服务器 URL：</translation>
    </message>
    <message>
        <source>The server&apos;s address, with or without /v1</source>
        <translation>服务器地址，可带或不带 /v1</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>API 密钥：</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>Sent to the server as &quot;Authorization: Bearer&quot;; never stored in the history</source>
        <translation>以 &quot;Authorization: Bearer&quot; 发送到服务器；不会保存在历史记录中</translation>
    </message>
    <message>
        <source>Remember the key in the system keychain</source>
        <translation>在系统钥匙串中记住密钥</translation>
    </message>
    <message>
        <source>Keep the key in the system keychain (never in Tramontane&apos;s files)</source>
        <translation>将密钥保存在系统钥匙串中（绝不写入 Tramontane 的文件）</translation>
    </message>
    <message>
        <source>The system keychain is not available, so the key is kept for this session only and never written to disk.%1</source>
        <translation>系统钥匙串不可用，因此密钥仅在本次会话中保留，不会写入磁盘。%1</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>The server&apos;s first model</source>
        <translation>服务器的第一个模型</translation>
    </message>
    <message>
        <source>Ask the server which models it serves</source>
        <translation>向服务器查询它提供的模型</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>高级</translation>
    </message>
    <message>
        <source>Timeout:</source>
        <translation>超时：</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>The longest wait for the next part of an answer</source>
        <translation>等待回答下一部分的最长时间</translation>
    </message>
    <message>
        <source>Moderation requests in flight:</source>
        <translation>同时进行的审核请求数：</translation>
    </message>
    <message>
        <source>How many moderation requests are sent to the server at once</source>
        <translation>同时发送到服务器的审核请求数量</translation>
    </message>
    <message>
        <source>Retries:</source>
        <translation>重试次数：</translation>
    </message>
    <message>
        <source>Retries of a moderation request after a busy server, a server error or a network error</source>
        <translation>服务器繁忙、服务器错误或网络错误后重试审核请求的次数</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Models on the server: %1</source>
        <translation>服务器上的模型：%1</translation>
    </message>
    <message>
        <source>Prompt format:</source>
        <translation>提示词格式：</translation>
    </message>
    <message>
        <source>Server&apos;s chat template (/v1/chat/completions)</source>
        <translation>服务器的聊天模板 (/v1/chat/completions)</translation>
    </message>
    <message>
        <source>Mistral v1 [INST] (/v1/completions)</source>
        <translation>Mistral v1 [INST] (/v1/completions)</translation>
    </message>
    <message>
        <source>Mistral v3 (/v1/completions)</source>
        <translation>Mistral v3 (/v1/completions)</translation>
    </message>
    <message>
        <source>ChatML (/v1/completions)</source>
        <translation>ChatML (/v1/completions)</translation>
    </message>
    <message>
        <source>Who turns the conversation into the model&apos;s prompt: the server, with the model&apos;s own chat template, or Tramontane, with one of its chat formats sent as plain text to /v1/completions (for a model served without a chat template, or the same prompt as the local engine). The server then reads &quot;[INST]&quot; or &quot;&lt;|im_start|&gt;&quot; inside a message as control tokens.</source>
        <translation>由谁把对话变成模型的提示词：使用模型自身聊天模板的服务器，或把自己的某种聊天格式作为纯文本发送到 /v1/completions 的 Tramontane（用于没有聊天模板的模型，或与本地引擎相同的提示词）。此时服务器会把消息中的 &quot;[INST]&quot; 或 &quot;&lt;|im_start|&gt;&quot; 当作控制标记读取。</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::SamplingDialog</name>
    <message>
        <source>Sampling settings</source>
        <translation>采样设置</translation>
    </message>
    <message>
        <source>0 always picks the most likely token</source>
        <translation>为 0 时始终选择可能性最大的 token</translation>
    </message>
    <message>
        <source>1 turns top-p off</source>
        <translation>为 1 时关闭 Top-p</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Stop at the context limit</source>
        <translation>在上下文上限处停止</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>最大 token 数</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Stops at the context limit</source>
        <translation>将在上下文上限处停止</translation>
    </message>
    <message>
        <source>Sliding window: older tokens leave the window</source>
        <translation>滑动窗口：较早的 token 会移出窗口</translation>
    </message>
    <message>
        <source>The model sees only the last %1 tokens; the conversation can go on past the context limit.</source>
        <translation>模型只能看到最后 %1 个 token；对话可以超出上下文上限继续进行。</translation>
    </message>
    <message>
        <source>Drops tokens less likely than this fraction of the most likely one; 0 turns it off</source>
        <translation>丢弃可能性低于最可能 token 的该比例的 token；为 0 时关闭</translation>
    </message>
    <message>
        <source>Above 1, tokens already in the conversation become less likely (fewer loops in small models); 1 turns it off</source>
        <translation>大于 1 时，对话中已出现的 token 更不容易被选中（小模型更少重复）；为 1 时关闭</translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <source>Repetition penalty</source>
        <translation>重复惩罚</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>System language (%1)</source>
        <translation>系统语言（%1）</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::StatusPanel</name>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 token/秒</translation>
    </message>
    <message>
        <source>Context: %1 used, window %2, limit %3</source>
        <translation>上下文：已用 %1，窗口 %2，上限 %3</translation>
    </message>
    <message>
        <source>Context: %1 of %2</source>
        <translation>上下文：%1 / %2</translation>
    </message>
    <message>
        <source>This model attends to the last %1 tokens (sliding window).</source>
        <translation>此模型只关注最后 %1 个 token（滑动窗口）。</translation>
    </message>
    <message>
        <source>%1 ×%2</source>
        <translation>%1 ×%2</translation>
    </message>
    <message>
        <source>No adapters</source>
        <translation>无适配器</translation>
    </message>
    <message>
        <source>Adapters: %1</source>
        <translation>适配器：%1</translation>
    </message>
    <message>
        <source>Remote server</source>
        <translation>远程服务器</translation>
    </message>
    <message>
        <source>Remote: %1</source>
        <translation>远程：%1</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::WelcomePanel</name>
    <message>
        <source>Hugging Face cache</source>
        <translation>Hugging Face 缓存</translation>
    </message>
    <message>
        <source>Ollama</source>
        <translation>Ollama</translation>
    </message>
    <message>
        <source>LM Studio</source>
        <translation>LM Studio</translation>
    </message>
    <message>
        <source>GPT4All</source>
        <translation>GPT4All</translation>
    </message>
    <message>
        <source>%1 (CUDA, %2 GiB free of %3 GiB)</source>
        <translation>%1（CUDA，%3 GiB 中可用 %2 GiB）</translation>
    </message>
    <message>
        <source>no SIMD</source>
        <translation>无 SIMD</translation>
    </message>
    <message>
        <source>CPU (%1 threads, %2)</source>
        <translation>CPU（%1 个线程，%2）</translation>
    </message>
    <message>
        <source>Open model file</source>
        <translation>打开模型文件</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open model folder (config.json, *.safetensors, tokenizer.model)</source>
        <translation>打开模型文件夹（config.json、*.safetensors、tokenizer.model）</translation>
    </message>
    <message>
        <source>Welcome to Tramontane</source>
        <translation>欢迎使用 Tramontane</translation>
    </message>
    <message>
        <source>Tramontane chats with Mistral-family language models on this computer: nothing you type leaves it. Open a model to start: a .gguf file, or a folder with config.json, *.safetensors and the tokenizer (for example Mistral-7B-Instruct).</source>
        <translation>Tramontane 在这台计算机上与 Mistral 系列语言模型对话：您输入的任何内容都不会离开这台计算机。打开一个模型即可开始：.gguf 文件，或包含 config.json、*.safetensors 和分词器的文件夹（例如 Mistral-7B-Instruct）。</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>Model: %1 (%2)</source>
        <translation>模型：%1（%2）</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>未加载模型。</translation>
    </message>
    <message>
        <source>Backend: %1</source>
        <translation>后端：%1</translation>
    </message>
    <message>
        <source>Open a model file…</source>
        <translation>打开模型文件…</translation>
    </message>
    <message>
        <source>Open a model folder…</source>
        <translation>打开模型文件夹…</translation>
    </message>
    <message>
        <source>Open %1 again</source>
        <translation>再次打开 %1</translation>
    </message>
    <message>
        <source>No models were found in the usual folders.</source>
        <translation>在常用文件夹中未找到模型。</translation>
    </message>
    <message>
        <source>Models found on this computer (click one to open it):</source>
        <translation>在这台计算机上找到的模型（单击即可打开）：</translation>
    </message>
    <message>
        <source>Where models usually are: the Hugging Face cache (~/.cache/huggingface/hub/models--mistralai--*), Ollama (~/.ollama/models), LM Studio (~/.cache/lm-studio/models, ~/.lmstudio/models) and GPT4All (~/.local/share/nomic.ai/GPT4All).</source>
        <translation>模型通常所在的位置：Hugging Face 缓存（~/.cache/huggingface/hub/models--mistralai--*）、Ollama（~/.ollama/models）、LM Studio（~/.cache/lm-studio/models、~/.lmstudio/models）和 GPT4All（~/.local/share/nomic.ai/GPT4All）。</translation>
    </message>
</context>
</TS>
